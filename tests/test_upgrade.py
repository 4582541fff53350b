"""`apptlint.upgrade`: the read-time upgrader follows migrate's rules and never changes its input."""

import copy
import json
import pickle
from concurrent.futures import ProcessPoolExecutor

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import apptlint
from apptlint.payload import snapshots

A15 = snapshots.example("1.5.0", "Appointment")
A16 = snapshots.example("1.6.0", "Appointment")
EVENT15 = {"id": "evt_1", "type": "appointment.created", "data": {"object": A15}}


def test_a_1_5_0_event_comes_back_with_the_flat_fields_and_the_input_is_untouched():
    before = copy.deepcopy(EVENT15)
    upgraded = apptlint.upgrade(EVENT15, derive_missing=True)
    assert EVENT15 == before
    appt = upgraded["data"]["object"]
    assert appt["cancel_url"] == A15["urls"]["cancel"][0]
    assert appt["join_url"] == A15["urls"]["join"][0]
    assert apptlint.validate_payload(upgraded, "1.6.0") == []
    assert upgraded["id"] == "evt_1" and upgraded is not EVENT15


def test_nothing_is_guessed_without_derive_missing():
    with pytest.raises(apptlint.UpgradeError) as caught:
        apptlint.upgrade(EVENT15, to="1.6.0")
    assert caught.value.missing == ("/data/object/urls/add_to_calendar",)
    assert "lacks `urls.add_to_calendar`" in str(caught.value) and "derive_missing=True" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_a_value_nothing_can_give_is_named():
    bare = {k: v for k, v in A15.items() if k != "urls"} | {"urls": {"cancel": ["https://x.example/c"]}}
    with pytest.raises(apptlint.UpgradeError) as caught:
        apptlint.upgrade(bare, derive_missing=True)
    assert "/urls/reschedule" in caught.value.missing or "/reschedule_url" in caught.value.missing


def test_a_current_payload_comes_back_equal_but_new():
    upgraded = apptlint.upgrade(A16)
    assert upgraded == A16 and upgraded is not A16


def test_what_is_not_a_payload_of_this_api_is_an_error():
    with pytest.raises(apptlint.UpgradeError, match="not a payload of this API"):
        apptlint.upgrade({"name": "package.json"})
    with pytest.raises(apptlint.UpgradeError):
        apptlint.upgrade([A15])  # type: ignore[arg-type]


def test_validate_true_rejects_what_the_upgrade_cannot_make_valid():
    broken = {**A15, "created_at": "yesterday"}
    assert apptlint.upgrade(broken, derive_missing=True)["cancel_url"]  # no validation asked for
    with pytest.raises(apptlint.UpgradeError, match=r"not valid under 1\.6\.0 \(at /created_at\)"):
        apptlint.upgrade(broken, derive_missing=True, validate=True)


def test_unknown_version_is_an_error():
    with pytest.raises(LookupError):
        apptlint.upgrade(EVENT15, to="9.9.9")


def test_upgrade_gives_what_migrate_writes(cli, tmp_path):
    payloads = [
        EVENT15,
        {"data": [A15, A16], "meta": {"current_page": 1, "page_size": 2, "total_count": 2, "total_pages": 1}},
        snapshots.example("1.5.0", "PublicAppointmentResponse"),
    ]
    path = tmp_path / "events.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in payloads))
    assert cli("migrate", "--derive-missing", "--write", path).exit_code in (0, 1)
    written = [json.loads(line) for line in path.read_text().splitlines()]
    assert [apptlint.upgrade(p, derive_missing=True) for p in payloads] == written


def test_picklable_and_runs_in_worker_processes():
    assert pickle.loads(pickle.dumps(apptlint.upgrade)) is apptlint.upgrade
    with ProcessPoolExecutor(max_workers=1) as pool:
        (upgraded,) = list(pool.map(_upgrade_derived, [EVENT15]))
    assert upgraded["data"]["object"]["cancel_url"] == A15["urls"]["cancel"][0]
    error = pickle.loads(pickle.dumps(apptlint.UpgradeError("m", ("/a",))))
    assert error.missing == ("/a",) and str(error) == "m"


def _upgrade_derived(payload):
    return apptlint.upgrade(payload, derive_missing=True)


URL_KEYS = sorted(A15["urls"])


@settings(max_examples=80, deadline=None)
@given(
    dropped=st.sets(st.sampled_from(URL_KEYS)),
    flat=st.sets(st.sampled_from(sorted(snapshots.url_key_map().values()))),
    derive=st.booleans(),
)
def test_property_input_never_changes_and_success_means_valid(dropped, flat, derive):
    appt = {**copy.deepcopy(A15), "urls": {k: v for k, v in A15["urls"].items() if k not in dropped}}
    appt.update({field: A16[field] for field in flat})
    payload = {"type": "appointment.created", "data": {"object": appt}}
    before = copy.deepcopy(payload)
    try:
        upgraded = apptlint.upgrade(payload, derive_missing=derive)
    except apptlint.UpgradeError as exc:
        assert exc.missing and all(m.startswith("/data/object/") for m in exc.missing)
    else:
        assert apptlint.validate_payload(upgraded, "1.6.0") == []
        assert apptlint.upgrade(upgraded) == upgraded  # idempotent
    assert payload == before
