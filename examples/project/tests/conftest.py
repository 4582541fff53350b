import pytest


@pytest.fixture
def appointment():
    return {
        "id": "appt_f1x7ur3",
        "object": "appointment",
        "urls": {
            "cancel": ["https://book.example.test/c/appointments/appt_f1x7ur3/cancel"],
            "reschedule": ["https://book.example.test/c/appointments/appt_f1x7ur3/reschedule"],
        },
    }
