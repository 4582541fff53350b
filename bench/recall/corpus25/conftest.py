import copy
import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"

LEGACY_APPOINTMENT = {
    "id": "appt_0000000000aa",
    "object": "appointment",
    "appointment_type": "in_person",
    "status": "scheduled",
    "start_at": {"utc": "2025-03-01T04:00:00Z", "time_zone": "America/Chicago"},
    "urls": {
        "add_to_google_calendar": ["https://app.savvycal.com/c/appointments/appt_0000000000aa/add_to_google_calendar"],
        "cancel": ["https://app.savvycal.com/c/appointments/appt_0000000000aa/cancel"],
        "confirm": ["https://app.savvycal.com/c/appointments/appt_0000000000aa/confirm"],
        "ics": ["https://app.savvycal.com/c/appointments/appt_0000000000aa/ics"],
        "join": ["https://app.savvycal.com/c/appointments/appt_0000000000aa/join"],
        "reschedule": ["https://app.savvycal.com/c/appointments/appt_0000000000aa/reschedule"],
    },
}


def make_public_appointment(appt_id: str = "appt_0000000000bb", **overrides) -> dict:
    doc = {
        "id": appt_id,
        "object": "public_appointment",
        "status": "scheduled",
        "cancellation": {"allowed": True, "disabled_message": None},
        "urls": {
            "cancel": [f"https://book.acme.com/c/appointments/{appt_id}/cancel"],
            "reschedule": [f"https://book.acme.com/c/appointments/{appt_id}/reschedule"],
            "ics": [f"https://book.acme.com/c/appointments/{appt_id}/ics"],
        },
    }
    doc.update(overrides)
    return doc


def make_public_appointment_v16(appt_id: str = "appt_0000000000bb") -> dict:
    return {
        "id": appt_id,
        "object": "public_appointment",
        "status": "scheduled",
        "cancel_url": "https://book.acme.com/c/appointments/appt_0000000000bb/cancel",
        "reschedule_url": "https://book.acme.com/c/appointments/appt_0000000000bb/reschedule",
        "ics_url": "https://book.acme.com/c/appointments/appt_0000000000bb/ics",
        "add_to_calendar_url": "https://book.acme.com/c/appointments/appt_0000000000bb/add_to_calendar",
    }


@pytest.fixture
def legacy_appointment():
    return copy.deepcopy(LEGACY_APPOINTMENT)


@pytest.fixture
def recorded_event():
    return json.loads((FIXTURES / "appointment_created.json").read_text())


@pytest.fixture
def cancel_link(legacy_appointment):
    return legacy_appointment["urls"]["cancel"][0]


@pytest.fixture
def sitemap_entry():
    return {"loc": "https://www.example-clinic.com/book", "urls": {"alternate": ["https://www.example-clinic.com/es/book"]}}
