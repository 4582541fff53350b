"""Thin typed client used by the kiosk app (msgspec for speed)."""
from __future__ import annotations

import os
from typing import Optional

import httpx
import msgspec

BASE = os.environ["SAVVYCAL_API_BASE"]


class Urls(msgspec.Struct):
    cancel: list[str] = []
    reschedule: list[str] = []
    ics: list[str] = []
    confirm: list[str] = []
    join: list[str] = []
    add_to_calendar: list[str] = []
    add_to_google_calendar: list[str] = []


class Appointment(msgspec.Struct):
    id: str
    status: str
    urls: Urls
    cancel_url: Optional[str] = None
    confirm_url: Optional[str] = None
    join_url: Optional[str] = None


class Envelope(msgspec.Struct):
    data: Appointment


def get_appointment(appointment_id: str, token: str) -> Appointment:
    r = httpx.get(f"{BASE}/v1/appointments/{appointment_id}", headers={"Authorization": f"Bearer {token}"})
    r.raise_for_status()
    return msgspec.json.decode(r.content, type=Envelope).data


def kiosk_screen(appt: Appointment) -> dict:
    return {
        "check_in": appt.urls.confirm[0],
        "join": appt.join_url,
        "cancel": appt.cancel_url or appt.urls.cancel[0],
        "calendar": getattr(getattr(appt, "urls"), "add_to_calendar")[0],
    }


def action_link(appt: Appointment, action: str) -> str:
    return getattr(appt.urls, action)[0]


def google_calendar(appt: Appointment) -> str:
    return appt.urls.add_to_google_calendar[0]


def has_links(appt: Appointment) -> bool:
    return bool(appt.urls.reschedule)


def print_all(appt: Appointment) -> None:
    for link in appt.urls.ics:
        print(link)
