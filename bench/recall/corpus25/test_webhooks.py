import copy

import pytest

from clinic.webhooks import handle_event


@pytest.fixture
def appointment_v15():
    return {
        "id": "appt_a1b2c3d4e5f6",
        "object": "appointment",
        "status": "scheduled",
        "appointment_type": "virtual",
        "client": {"id": "clnt_000000000001", "email": "pat@example.com", "first_name": "Pat"},
        "urls": {
            "add_to_google_calendar": ["https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/add_to_google_calendar"],
            "cancel": ["https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/cancel"],
            "confirm": ["https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/confirm"],
            "ics": ["https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/ics"],
            "join": ["https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/join"],
            "reschedule": ["https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/reschedule"],
        },
    }


@pytest.fixture
def appointment_v16():
    return {
        "id": "appt_a1b2c3d4e5f6",
        "object": "appointment",
        "status": "scheduled",
        "appointment_type": "virtual",
        "client": {"id": "clnt_000000000001", "email": "pat@example.com", "first_name": "Pat"},
        "add_to_calendar_url": "https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/add_to_calendar",
        "cancel_url": "https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/cancel",
        "confirm_url": "https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/confirm",
        "ics_url": "https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/ics",
        "join_url": "https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/join",
        "reschedule_url": "https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/reschedule",
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
def mailer(monkeypatch):
    sent = []
    monkeypatch.setattr("clinic.webhooks.send_email", lambda **kw: sent.append(kw))
    return sent


def test_created_sends_cancel_link(appointment_v15, mailer):
    handle_event({"type": "appointment.created", "data": {"object": appointment_v15}})
    assert mailer[0]["context"]["cancel"] == appointment_v15["urls"]["cancel"][0]


def test_created_uses_flat_fields(appointment_v16, mailer):
    handle_event({"type": "appointment.created", "data": {"object": appointment_v16}})
    assert mailer[0]["context"]["cancel"] == appointment_v16["cancel_url"]


def test_legacy_keys_present(appointment_v15):
    assert set(appointment_v15["urls"]) >= {"cancel", "reschedule", "join"}


def test_multiple_cancel_links_are_ignored(appointment_v15, mailer):
    payload = copy.deepcopy(appointment_v15)
    payload["urls"]["cancel"].append("https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/cancel?alt=1")
    handle_event({"type": "appointment.created", "data": {"object": payload}})
    assert mailer[0]["context"]["cancel"] == payload["urls"]["cancel"][0]


def test_reschedule_event(appointment_v16, mailer):
    handle_event({"type": "appointment.rescheduled", "data": {"object": appointment_v16}})
    assert appointment_v16["reschedule_url"] in mailer[0]["context"].values()


@pytest.mark.parametrize("key", ["cancel", "reschedule", "ics"])
def test_each_legacy_list_has_one_link(appointment_v15, key):
    assert len(appointment_v15["urls"][key]) == 1
