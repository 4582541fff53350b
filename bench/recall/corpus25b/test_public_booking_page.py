"""Tests for the public "manage your booking" page (web team)."""
import json

import pytest
import responses

from webapp.booking_page import render_manage_page, fetch_public_appointment, calendar_buttons

PUBLIC_API = "https://api.northwind-scheduling.example/v1/public/appointments/appt_9f8e7d6c5b4a"

OLD_PUBLIC_APPT = {
    "id": "appt_9f8e7d6c5b4a",
    "object": "public_appointment",
    "status": "scheduled",
    "cancellation": {"allowed": True, "disabled_message": None},
    "rescheduling": {"allowed": False, "disabled_message": "Rescheduling is not available within 24 hours"},
    "urls": {
        "add_to_calendar": ["https://savvycal.com/c/appointments/appt_9f8e7d6c5b4a/add_to_calendar"],
        "add_to_google_calendar": ["https://savvycal.com/c/appointments/appt_9f8e7d6c5b4a/add_to_google_calendar"],
        "cancel": ["https://savvycal.com/c/appointments/appt_9f8e7d6c5b4a/cancel"],
        "ics": ["https://savvycal.com/c/appointments/appt_9f8e7d6c5b4a/ics"],
        "reschedule": ["https://savvycal.com/c/appointments/appt_9f8e7d6c5b4a/reschedule"],
    },
}

NEW_PUBLIC_APPT = {
    "id": "appt_9f8e7d6c5b4a",
    "object": "public_appointment",
    "status": "scheduled",
    "cancellation": {"allowed": True, "disabled_message": None},
    "rescheduling": {"allowed": True, "disabled_message": None},
    "add_to_calendar_url": "https://book.acme.com/c/appointments/appt_9f8e7d6c5b4a/add_to_calendar",
    "cancel_url": "https://book.acme.com/c/appointments/appt_9f8e7d6c5b4a/cancel",
    "ics_url": "https://book.acme.com/c/appointments/appt_9f8e7d6c5b4a/ics",
    "reschedule_url": "https://book.acme.com/c/appointments/appt_9f8e7d6c5b4a/reschedule",
}


@responses.activate
def test_fetch_public_appointment():
    responses.add(responses.GET, PUBLIC_API, json={"data": NEW_PUBLIC_APPT})
    appt = fetch_public_appointment("appt_9f8e7d6c5b4a")
    assert appt["reschedule_url"].endswith("/reschedule")


@responses.activate
def test_fetch_legacy_shape():
    responses.add(
        responses.GET,
        PUBLIC_API,
        json={
            "data": {
                "id": "appt_9f8e7d6c5b4a",
                "object": "public_appointment",
                "status": "canceled",
                "urls": {"cancel": [], "reschedule": [], "ics": ["https://book.acme.com/c/appointments/appt_9f8e7d6c5b4a/ics"], "add_to_calendar": []},
            }
        },
    )
    appt = fetch_public_appointment("appt_9f8e7d6c5b4a")
    assert appt["urls"]["cancel"] == []


def test_manage_page_links():
    html = render_manage_page(NEW_PUBLIC_APPT)
    assert NEW_PUBLIC_APPT["cancel_url"] in html
    assert OLD_PUBLIC_APPT["urls"]["reschedule"][0] not in html


def test_calendar_buttons_legacy():
    buttons = calendar_buttons(OLD_PUBLIC_APPT)
    assert buttons["google"] == OLD_PUBLIC_APPT["urls"]["add_to_google_calendar"][0]
    assert buttons["ics"] == OLD_PUBLIC_APPT["urls"]["ics"][0]
    assert "savvycal.com" in buttons["ics"]


@pytest.mark.parametrize("payload", [OLD_PUBLIC_APPT, NEW_PUBLIC_APPT])
def test_roundtrip(payload):
    assert json.loads(json.dumps(payload)) == payload
