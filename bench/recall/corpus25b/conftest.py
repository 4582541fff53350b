# tests/conftest.py  (booking-assistant service)
import pytest


def make_legacy_appointment(appt_id="appt_f00dfeedbeef", status="scheduled"):
    return {
        "id": appt_id,
        "object": "appointment",
        "status": status,
        "appointment_type": "in_person",
        "providers": [{"id": "prov_d025a96ac0c6", "email": "john@example.com"}],
        "urls": {
            "add_to_google_calendar": ["https://book.acme.com/c/appointments/appt_f00dfeedbeef/add_to_google_calendar"],
            "cancel": ["https://book.acme.com/c/appointments/appt_f00dfeedbeef/cancel"],
            "confirm": ["https://book.acme.com/c/appointments/appt_f00dfeedbeef/confirm"],
            "ics": ["https://book.acme.com/c/appointments/appt_f00dfeedbeef/ics"],
            "join": [],
            "reschedule": ["https://book.acme.com/c/appointments/appt_f00dfeedbeef/reschedule"],
        },
    }


@pytest.fixture
def legacy_appointment():
    return make_legacy_appointment()


@pytest.fixture
def legacy_public_appointment():
    return {
        "id": "appt_f00dfeedbeef",
        "object": "public_appointment",
        "status": "scheduled",
        "cancellation": {"allowed": True, "disabled_message": None},
        "rescheduling": {"allowed": True, "disabled_message": None},
        "urls": {
            "add_to_calendar": ["https://savvycal.com/c/appointments/appt_f00dfeedbeef/add_to_calendar"],
            "add_to_google_calendar": ["https://savvycal.com/c/appointments/appt_f00dfeedbeef/add_to_google_calendar"],
            "cancel": ["https://savvycal.com/c/appointments/appt_f00dfeedbeef/cancel"],
            "ics": ["https://savvycal.com/c/appointments/appt_f00dfeedbeef/ics"],
            "reschedule": ["https://savvycal.com/c/appointments/appt_f00dfeedbeef/reschedule"],
        },
    }


@pytest.fixture
def public_appointment():
    return {
        "id": "appt_f00dfeedbeef",
        "object": "public_appointment",
        "status": "scheduled",
        "add_to_calendar_url": "https://book.acme.com/c/appointments/appt_f00dfeedbeef/add_to_calendar",
        "cancel_url": "https://book.acme.com/c/appointments/appt_f00dfeedbeef/cancel",
        "ics_url": "https://book.acme.com/c/appointments/appt_f00dfeedbeef/ics",
        "reschedule_url": "https://book.acme.com/c/appointments/appt_f00dfeedbeef/reschedule",
        "urls": {"add_to_calendar": [], "add_to_google_calendar": [], "cancel": [], "ics": [], "reschedule": []},
    }


@pytest.fixture
def github_repo_payload():
    return {
        "full_name": "northwind/booking-assistant",
        "url": "https://api.github.com/repos/northwind/booking-assistant",
        "html_url": "https://github.com/northwind/booking-assistant",
        "hooks_url": "https://api.github.com/repos/northwind/booking-assistant/hooks",
    }


@pytest.fixture
def appointment_with_zoom(legacy_appointment):
    legacy_appointment["meeting"] = {"conferencing_provider": "zoom_admin", "join_url": "https://zoom.us/j/987654321"}
    legacy_appointment["urls"]["join"] = ["https://book.acme.com/c/appointments/appt_f00dfeedbeef/join"]
    return legacy_appointment
