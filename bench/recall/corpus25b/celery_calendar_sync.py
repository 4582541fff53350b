"""Celery tasks: mirror SavvyCal appointments into providers' Google Calendars.

calendar-sync team, worker queue `gcal`.
"""
from __future__ import annotations

import logging

from celery import shared_task
from googleapiclient.discovery import build
from google.oauth2.service_account import Credentials

from scheduling.api import fetch_appointment

log = logging.getLogger(__name__)
SCOPES = ["https://www.googleapis.com/auth/calendar"]


def _calendar(provider_email: str):
    creds = Credentials.from_service_account_file("/secrets/gcal.json", scopes=SCOPES).with_subject(provider_email)
    return build("calendar", "v3", credentials=creds, cache_discovery=False)


def _links(appt: dict) -> dict[str, str | None]:
    legacy = appt.get("urls", {})
    return {
        "reschedule": appt.get("reschedule_url") or legacy.get("reschedule", [None])[0],
        "cancel": appt["cancel_url"] if "cancel_url" in appt else legacy["cancel"][0],
        "join": appt.get("join_url"),
        "ics": legacy["ics"][0],
    }


def _description(appt: dict) -> str:
    links = _links(appt)
    lines = [appt["service"]["name"], ""]
    if links["join"]:
        lines.append(f"Join: {links['join']}")
    lines.append(f"Reschedule: {links['reschedule']}")
    lines.append(f"Cancel: {links['cancel']}")
    return "\n".join(lines)


@shared_task(bind=True, max_retries=5, default_retry_delay=30, queue="gcal")
def upsert_event(self, appointment_id: str) -> str:
    appt = fetch_appointment(appointment_id)
    provider = appt["providers"][0]
    service = _calendar(provider["email"])
    body = {
        "id": appointment_id.replace("_", "").lower(),
        "summary": f"{appt['service']['name']} – {appt['client'].get('first_name') or 'client'}",
        "description": _description(appt),
        "start": {"dateTime": appt["start_at"]["utc"]},
        "end": {"dateTime": appt["end_at"]["utc"]},
        "source": {"title": "SavvyCal", "url": appt["urls"]["confirm"][0]},
    }
    try:
        ev = service.events().update(calendarId="primary", eventId=body["id"], body=body).execute()
    except Exception as exc:  # noqa: BLE001
        raise self.retry(exc=exc)
    log.info("synced %s -> %s", appointment_id, ev.get("htmlLink"))
    return ev["id"]


@shared_task(queue="gcal")
def audit_links(appointment_id: str) -> dict:
    appt = fetch_appointment(appointment_id)
    deprecated = appt["urls"]
    return {
        "kinds": sorted(deprecated),
        "extra_cancel_links": deprecated["cancel"][1:],
        "second_ics": deprecated["ics"][1] if len(deprecated["ics"]) > 1 else None,
    }


@shared_task(queue="gcal")
def on_join_link_changed(appointment_id: str, previous: dict) -> bool:
    appt = fetch_appointment(appointment_id)
    try:
        current = appt["join_url"]
    except KeyError:
        current = appt["urls"]["join"][0]
    return current != previous.get("join_url")
