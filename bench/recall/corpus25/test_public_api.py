from urllib.parse import urlparse

import pytest
import responses
from fastapi.testclient import TestClient

from manage.app import API_BASE, api

PUBLIC_APPT = {
    "data": {
        "id": "appt_a1b2c3d4e5f6",
        "object": "public_appointment",
        "status": "scheduled",
        "cancellation": {"allowed": True, "disabled_message": None},
        "rescheduling": {"allowed": False, "disabled_message": "Rescheduling is not available within 24 hours"},
        "urls": {
            "add_to_calendar": ["https://savvycal.com/c/appointments/appt_a1b2c3d4e5f6/add_to_calendar"],
            "add_to_google_calendar": ["https://savvycal.com/c/appointments/appt_a1b2c3d4e5f6/add_to_google_calendar"],
            "cancel": ["https://savvycal.com/c/appointments/appt_a1b2c3d4e5f6/cancel"],
            "ics": ["https://savvycal.com/c/appointments/appt_a1b2c3d4e5f6/ics"],
            "reschedule": ["https://savvycal.com/c/appointments/appt_a1b2c3d4e5f6/reschedule"],
        },
    }
}

PUBLIC_APPT_V16 = {
    "data": {
        "id": "appt_a1b2c3d4e5f6",
        "object": "public_appointment",
        "status": "scheduled",
        "add_to_calendar_url": "https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/add_to_calendar",
        "cancel_url": "https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/cancel",
        "ics_url": "https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/ics",
        "reschedule_url": "https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/reschedule",
        "urls": {
            "add_to_calendar": ["https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/add_to_calendar"],
            "add_to_google_calendar": ["https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/add_to_google_calendar"],
            "cancel": ["https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/cancel"],
            "ics": ["https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/ics"],
            "reschedule": ["https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/reschedule"],
        },
    }
}

GITHUB_REPO = {"name": "clinic-web", "urls": {"html": ["https://github.com/acme/clinic-web"]}}


@pytest.fixture
def client():
    return TestClient(api)


@responses.activate
def test_manage_page_v15(client):
    responses.get(f"{API_BASE}/v1/public/appointments/appt_a1b2c3d4e5f6", json=PUBLIC_APPT)
    body = client.get("/manage/appt_a1b2c3d4e5f6").json()
    assert body["cancel"] == PUBLIC_APPT["data"]["urls"]["cancel"][0]
    assert body["google"] == PUBLIC_APPT["data"]["urls"]["add_to_google_calendar"][0]


@responses.activate
def test_manage_page_v16(client):
    responses.get(f"{API_BASE}/v1/public/appointments/appt_a1b2c3d4e5f6", json=PUBLIC_APPT_V16)
    body = client.get("/manage/appt_a1b2c3d4e5f6").json()
    assert body["reschedule"] == PUBLIC_APPT_V16["data"]["reschedule_url"]
    assert urlparse(PUBLIC_APPT_V16["data"]["cancel_url"]).netloc == "book.acme.com"


def test_fixture_lists_are_singletons():
    for links in PUBLIC_APPT["data"]["urls"].values():
        assert links
