"""Custom-domain helpers for white-labelled clinics."""
import re
from urllib.parse import urlparse, urlsplit, urlunsplit

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme

SAVVY_BOOK_PREFIX = "https://savvycal.com/c/book/"


def is_default_host(appt: dict) -> bool:
    return urlparse(appt["cancel_url"]).netloc in ("savvycal.com", "app.savvycal.com")


def brand_links(booking: dict, domain: str) -> dict:
    return {
        "cancel": booking["cancel_url"].replace("app.savvycal.com", domain),
        "reschedule": re.sub(r"^https://[^/]+", f"https://{domain}", booking["reschedule_url"]),
        "ics": urlunsplit(urlsplit(booking["ics_url"])._replace(netloc=domain)),
    }


def tenant_slug(appt: dict) -> str:
    host = urlsplit(appt["join_url"]).hostname or ""
    return host.removesuffix(".savvycal.com")


def safe_redirect_target(appt: dict) -> str:
    target = appt["reschedule_url"]
    if url_has_allowed_host_and_scheme(target, allowed_hosts={"app.savvycal.com", settings.BOOKING_DOMAIN}):
        return target
    return "/"


def is_savvycal_booking_link(link: dict) -> bool:
    return link["url"].startswith(SAVVY_BOOK_PREFIX)


def link_host_is_custom(link: dict) -> bool:
    return not (urlparse(link["url"]).hostname or "").endswith(".savvycal.com")


def link_path(appt: dict) -> str:
    return urlparse(appt["cancel_url"]).path


def appointment_id_from_link(url: str) -> str:
    m = re.search(r"/c/appointments/([^/]+)/", url)
    return m.group(1) if m else ""


def zoom_region(appt: dict) -> bool:
    meeting = appt.get("meeting") or {}
    return urlparse(meeting.get("join_url", "")).netloc.endswith("zoom.us")


def is_calendly(invitee: dict) -> bool:
    return urlparse(invitee["cancel_url"]).netloc == "calendly.com"


def webcal(appointment: dict) -> str:
    return appointment["ics_url"].replace("https://", "webcal://", 1)
