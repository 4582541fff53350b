from urllib.parse import urlparse

import pytest

from acme_booking.links import booking_share_url, client_links, scrub_host

FLAT_FIELDS = ("cancel_url", "reschedule_url", "confirm_url", "join_url", "ics_url", "add_to_calendar_url")


def test_flat_fields_present(appointment_v16):
    for field in FLAT_FIELDS:
        assert appointment_v16[field].startswith("https://")


def test_flat_matches_legacy(appointment_v16):
    assert appointment_v16["cancel_url"] == appointment_v16["urls"]["cancel"][0]
    assert appointment_v16["ics_url"] in appointment_v16["urls"]["ics"]
    assert len(appointment_v16["urls"]["join"]) == 1


def test_legacy_only_payload(appointment_v15):
    links = client_links(appointment_v15)
    assert links["cancel"] == appointment_v15["urls"]["cancel"][0]
    assert links["cancel"].startswith("https://savvycal.com/c/appointments/")


def test_google_calendar_has_no_flat_field(appointment_v16):
    assert "add_to_google_calendar_url" not in appointment_v16
    assert appointment_v16["urls"]["add_to_google_calendar"][0].endswith("/add_to_google_calendar")


@pytest.mark.parametrize("action", ["cancel", "reschedule", "confirm", "join", "ics"])
def test_paths(appointment_v16, action):
    url = appointment_v16[f"{action}_url"]
    assert urlparse(url).path == f"/c/appointments/{appointment_v16['id']}/{action}"


def test_booking_link_host(booking_link):
    host = urlparse(booking_link["url"]).hostname
    assert host.endswith(".savvycal.com") or host == "book.acme.com"


def test_share_url_uses_payload(booking_link):
    assert booking_share_url(booking_link) == booking_link["url"]


def test_scrub_host(appointment_v16):
    out = scrub_host(appointment_v16["cancel_url"], "links.acme.com")
    assert out == "https://links.acme.com/c/appointments/appt_a1b2c3d4e5f6/cancel"


def test_legacy_fixture_has_no_flat_fields(strip_flat, appointment_v16):
    legacy = strip_flat(appointment_v16)
    assert not any(k.endswith("_url") for k in legacy)
    assert legacy["urls"] == appointment_v16["urls"]


def test_public_links(public_appointment_v15):
    links = client_links(public_appointment_v15)
    assert set(links) <= {"cancel", "reschedule", "ics", "add_to_calendar"}
    assert "confirm" not in public_appointment_v15["urls"]
