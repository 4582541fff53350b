import copy

import pytest


@pytest.fixture
def appointment_v16():
    """Recorded from staging after the 1.6.0 rollout (custom domain configured)."""
    return {
        "id": "appt_a1b2c3d4e5f6",
        "object": "appointment",
        "status": "scheduled",
        "add_to_calendar_url": "https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/add_to_calendar",
        "cancel_url": "https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/cancel",
        "confirm_url": "https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/confirm",
        "ics_url": "https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/ics",
        "join_url": "https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/join",
        "reschedule_url": "https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/reschedule",
        "meeting": {"conferencing_provider": "google_meet", "join_url": "https://meet.google.com/abc-defg-hij"},
        "urls": {
            "add_to_calendar": ["https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/add_to_calendar"],
            "add_to_google_calendar": ["https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/add_to_google_calendar"],
            "cancel": ["https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/cancel"],
            "confirm": ["https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/confirm"],
            "ics": ["https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/ics"],
            "join": ["https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/join"],
            "reschedule": ["https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/reschedule"],
        },
    }


@pytest.fixture
def appointment_v15():
    """Shape we stored before the upgrade (cassettes recorded in 2024)."""
    return {
        "id": "appt_a1b2c3d4e5f6",
        "object": "appointment",
        "status": "scheduled",
        "meeting": None,
        "urls": {
            "add_to_google_calendar": ["https://savvycal.com/c/appointments/appt_a1b2c3d4e5f6/add_to_google_calendar"],
            "cancel": ["https://savvycal.com/c/appointments/appt_a1b2c3d4e5f6/cancel"],
            "confirm": ["https://savvycal.com/c/appointments/appt_a1b2c3d4e5f6/confirm"],
            "ics": ["https://savvycal.com/c/appointments/appt_a1b2c3d4e5f6/ics"],
            "join": ["https://savvycal.com/c/appointments/appt_a1b2c3d4e5f6/join"],
            "reschedule": ["https://savvycal.com/c/appointments/appt_a1b2c3d4e5f6/reschedule"],
        },
    }


@pytest.fixture
def public_appointment_v15():
    return {
        "id": "appt_a1b2c3d4e5f6",
        "object": "public_appointment",
        "status": "scheduled",
        "cancellation": {"allowed": True, "disabled_message": None},
        "rescheduling": {"allowed": False, "disabled_message": "Rescheduling is not available within 24 hours of your appointment"},
        "urls": {
            "add_to_calendar": ["https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/add_to_calendar"],
            "add_to_google_calendar": ["https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/add_to_google_calendar"],
            "cancel": ["https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/cancel"],
            "ics": ["https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/ics"],
            "reschedule": ["https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/reschedule"],
        },
    }


@pytest.fixture
def booking_link():
    return {
        "id": "bl_d025a96ac0c6d025a96ac0c6",
        "object": "booking_link",
        "status": "active",
        "name": "VIP onboarding",
        "url": "https://example.savvycal.com/c/book/bl_d025a96ac0c6d025a96ac0c6",
        "uses_count": 1,
        "uses_remaining": 4,
    }


@pytest.fixture
def strip_flat():
    def _strip(payload):
        p = copy.deepcopy(payload)
        for k in [k for k in p if k.endswith("_url")]:
            del p[k]
        return p

    return _strip
