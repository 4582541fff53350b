"""Contract tests for the SavvyCal appointment payloads we consume (QA guild)."""
import copy
from urllib.parse import urlparse

import pytest

from scheduling.links import links_for, LINK_KINDS

APPT_ID = "appt_a1b2c3d4e5f6"


@pytest.fixture
def legacy_appointment():
    """An Appointment exactly as we stored them before the 1.6 upgrade."""
    return {
        "id": APPT_ID,
        "object": "appointment",
        "status": "scheduled",
        "appointment_type": "virtual",
        "start_at": {"time_zone": "America/Chicago", "unix_ts": 1736464800, "utc": "2025-03-01T04:00:00Z"},
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
def current_appointment():
    """Appointment as served by 1.6.0 (flat fields plus the deprecated urls)."""
    return {
        "id": APPT_ID,
        "object": "appointment",
        "status": "scheduled",
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


def test_flat_fields_match_legacy(current_appointment):
    a = current_appointment
    assert a["cancel_url"] == a["urls"]["cancel"][0]
    assert a["reschedule_url"] == a["urls"]["reschedule"][0]
    assert a["join_url"] == a["urls"]["join"][0]


def test_single_link_per_kind(current_appointment):
    for kind, values in current_appointment["urls"].items():
        assert len(values) == 1, kind


@pytest.mark.parametrize("kind", ["cancel", "reschedule", "ics", "confirm", "join"])
def test_each_kind_has_flat_twin(current_appointment, kind):
    assert current_appointment[f"{kind}_url"] == current_appointment["urls"][kind][0]


def test_links_for_uses_flat_fields(current_appointment):
    mutated = copy.deepcopy(current_appointment)
    mutated["urls"]["cancel"] = ["https://stale.example/old"]
    assert links_for(mutated)["cancel"] == current_appointment["cancel_url"]


def test_links_for_legacy_payload(legacy_appointment):
    got = links_for(legacy_appointment)
    assert got["ics"] == legacy_appointment["urls"]["ics"][0]


def test_hosts_are_consistent(current_appointment):
    hosts = {urlparse(current_appointment[f"{k}_url"]).netloc for k in LINK_KINDS}
    assert len(hosts) == 1


def test_not_on_canonical_host(current_appointment):
    assert urlparse(current_appointment["cancel_url"]).hostname != "savvycal.com"


def test_path_shape(current_appointment):
    assert urlparse(current_appointment["ics_url"]).path == "/c/appointments/appt_a1b2c3d4e5f6/ics"
