"""In-process fake of the appointments API for the mobile team's UI tests.

Mirrors what production returned when this was written (spring 2024).
"""
from __future__ import annotations

import itertools
import random
import string

import respx
from httpx import Response

HOST = "https://savvycal.com"
API = "https://api.test.invalid/v1"
_ids = itertools.count(1)


def _rand_id(prefix: str, n: int = 12) -> str:
    return prefix + "".join(random.choices(string.ascii_lowercase + string.digits, k=n))


def make_appointment(appt_id: str | None = None, *, joinable: bool = True) -> dict:
    appt_id = appt_id or _rand_id("appt_")
    return {
        "id": appt_id,
        "object": "appointment",
        "status": "scheduled",
        "appointment_type": "virtual" if joinable else "in_person",
        "urls": {
            "add_to_google_calendar": [f"{HOST}/c/appointments/{appt_id}/add_to_google_calendar"],
            "cancel": [f"{HOST}/c/appointments/{appt_id}/cancel"],
            "confirm": [f"{HOST}/c/appointments/{appt_id}/confirm"],
            "ics": [f"{HOST}/c/appointments/{appt_id}/ics"],
            "join": [f"{HOST}/c/appointments/{appt_id}/join"] if joinable else [],
            "reschedule": [f"{HOST}/c/appointments/{appt_id}/reschedule"],
        },
    }


def make_booking_link(link_id: str | None = None) -> dict:
    link_id = link_id or _rand_id("bl_", 24)
    return {
        "id": link_id,
        "object": "booking_link",
        "status": "active",
        "url": "https://acme.savvycal.com/c/book/" + link_id,
        "uses_count": 0,
        "uses_remaining": None,
    }


def install(router: respx.Router, appointments: list[dict]) -> None:
    by_id = {a["id"]: a for a in appointments}
    router.get(f"{API}/appointments").mock(
        return_value=Response(200, json={"data": appointments, "meta": {"current_page": 1, "page_size": 100, "total_count": len(appointments), "total_pages": 1}})
    )
    for appt_id, appt in by_id.items():
        router.get(f"{API}/appointments/{appt_id}").mock(return_value=Response(200, json={"data": appt}))
        router.post(f"{API}/appointments/{appt_id}/cancel").mock(return_value=Response(200, json={"data": {**appt, "status": "canceled"}}))


def cancel_in_place(appt: dict) -> dict:
    appt["status"] = "canceled"
    appt["urls"]["cancel"].clear()
    appt["urls"]["reschedule"].clear()
    return appt
