"""URL utilities using third-party URL libraries (mobile BFF)."""
import posixpath

import httpx
import tldextract
from furl import furl
from yarl import URL

from bff.config import BOOKING_DOMAIN, SAVVYCAL_BASE


def registered_domain(appt: dict) -> str:
    return tldextract.extract(appt["cancel_url"]).registered_domain


def is_legacy(appt: dict) -> bool:
    return registered_domain(appt) == "savvycal.com"


def ics_on_brand(appt: dict) -> str:
    return str(URL(appt["ics_url"]).with_host(BOOKING_DOMAIN))


def reschedule_on_brand(appt: dict) -> str:
    return furl(appt["reschedule_url"]).set(host=BOOKING_DOMAIN).url


def join_host(appt: dict) -> str:
    return httpx.URL(appt["join_url"]).host


def cancel_from_segments(appt_id: str) -> str:
    return str(URL(SAVVYCAL_BASE) / "c" / "appointments" / appt_id / "cancel")


def ics_path(appt_id: str) -> str:
    return posixpath.join("/c/appointments", appt_id, "ics")


def booking_from_parts(link_id: str) -> str:
    return "/".join([SAVVYCAL_BASE, "c", "book", link_id])


def confirm_with_furl(appt_id: str) -> str:
    return furl(SAVVYCAL_BASE).add(path=["c", "appointments", appt_id, "confirm"]).url


def with_utm(appt: dict) -> str:
    return furl(appt["cancel_url"]).add({"utm_source": "app"}).url


def link_with_utm(link: dict) -> str:
    return str(URL(link["url"]).update_query(utm_campaign="spring"))


def zoom_host(meeting: dict) -> str:
    return httpx.URL(meeting["join_url"]).host
