from pathlib import Path

import vcr

from shop.client import fetch_appointment
from shop.links import reminder_links
from tests.factories import make_appointment

CASSETTES = Path(__file__).parent / "cassettes"


def test_links_from_the_fixture(appointment):
    assert reminder_links(appointment)["cancel"].endswith("/appt_f1x7ur3/cancel")


def test_links_from_the_factory():
    assert reminder_links(make_appointment())["reschedule"].endswith("/appt_fact0ry/reschedule")


def test_links_from_the_recorded_api_response():
    with vcr.use_cassette(str(CASSETTES / "fetch_appointment.yaml"), record_mode="none"):
        appt = fetch_appointment("appt_a1b2c3d4e5f6")
    assert reminder_links(appt)["cancel"].endswith("/appt_a1b2c3d4e5f6/cancel")
