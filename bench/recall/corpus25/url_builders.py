"""Builds self-service links when we only have an appointment id at hand."""
from urllib.parse import urljoin

from django.conf import settings

SAVVYCAL_APP = "https://app.savvycal.com"


def cancel_url_for(appointment_id: str) -> str:
    return f"{SAVVYCAL_APP}/c/appointments/{appointment_id}/cancel"


def reschedule_url_for(appointment_id: str) -> str:
    return urljoin(settings.SAVVYCAL_BASE, f"/c/appointments/{appointment_id}/reschedule")


def ics_url_for(appointment_id: str) -> str:
    return settings.SAVVYCAL_BASE + "/c/appointments/" + appointment_id + "/ics"


def confirm_url_for(aid: str) -> str:
    return "%s/c/appointments/%s/confirm" % (settings.SAVVYCAL_BASE, aid)


def booking_page(link_id: str) -> str:
    return "{}/c/book/{}".format(SAVVYCAL_APP, link_id)


def join_page(appt: dict) -> str:
    return "https://savvycal.com/c/appointments/{id}/join".format(id=appt["id"])


def add_to_calendar_page(appt: dict) -> str:
    return (
        f"{settings.SAVVYCAL_BASE}/c/appointments/"
        f"{appt['id']}/add_to_calendar"
    )


def api_cancel_endpoint(aid: str) -> str:
    return f"{settings.SAVVYCAL_API}/v1/appointments/{aid}/cancel"


def own_portal_cancel(aid: str) -> str:
    return f"https://portal.example-clinic.com/appointments/{aid}/cancel"


def links_from_payload(appt: dict) -> dict:
    return {
        "cancel": appt["cancel_url"],
        "reschedule": appt["reschedule_url"],
        "ics": appt["ics_url"],
    }


def google_template(appt: dict) -> str:
    return (
        "https://calendar.google.com/calendar/render?action=TEMPLATE"
        f"&text={appt['service']['name']}&dates={appt['start_at']['utc']}"
    )
