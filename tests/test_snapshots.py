import json

import jsonschema
import pytest
from openapi_spec_validator import validate as validate_openapi
from referencing.exceptions import Unresolvable

from apptlint.payload import snapshots

VERSIONS = ("1.5.0", "1.6.0")
APPOINTMENT_FLAT = {"add_to_calendar_url", "cancel_url", "confirm_url", "ics_url", "join_url", "reschedule_url"}
PUBLIC_FLAT = {"add_to_calendar_url", "cancel_url", "ics_url", "reschedule_url"}
EVENTS = [
    "appointment.created",
    "appointment.canceled",
    "appointment.confirmed",
    "appointment.deleted",
    "appointment.rescheduled",
    "appointment.meeting.created",
    "appointment.meeting.create_failed",
    "appointment.meeting.updated",
    "appointment.meeting.update_failed",
    "appointment.meeting.canceled",
    "appointment.meeting.cancel_failed",
    "appointment.meeting.replaced",
    "appointment.meeting.replace_failed",
]
REQUIRED_SCHEMAS = {
    "Appointment",
    "PublicAppointment",
    "ZonedDateTime",
    "Client",
    "Provider",
    "AppointmentProvider",
    "Service",
    "AppointmentMeeting",
    "CancellationEvent",
    "ConfirmationEvent",
    "RescheduleEvent",
    "BookingLink",
    "AppointmentResponse",
    "PublicAppointmentResponse",
    "BookingLinksResponse",
}


def validator(version, name):
    return jsonschema.Draft202012Validator(
        snapshots.ref_schema(version, name),
        registry=snapshots.registry(),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


def props(version, name):
    return snapshots.schema(version, name)["properties"]


@pytest.mark.parametrize("version", VERSIONS)
def test_snapshot_is_valid_openapi_3_1(version):
    doc = snapshots.document(version)
    assert doc["openapi"].startswith("3.1")
    validate_openapi(json.loads(json.dumps(doc)))


@pytest.mark.parametrize("version", VERSIONS)
def test_covers_required_schemas_and_every_event(version):
    names = set(snapshots.schemas(version))
    assert REQUIRED_SCHEMAS <= names
    events = {s.get("x-event-type"): n for n, s in snapshots.schemas(version).items() if s.get("x-event-type")}
    assert sorted(events) == sorted(EVENTS)
    for name in events.values():
        assert snapshots.schema(version, name)["properties"]["object"] == {"$ref": "#/components/schemas/Appointment"}


@pytest.mark.parametrize("version", VERSIONS)
def test_every_schema_records_its_provenance(version):
    for name, body in snapshots.schemas(version).items():
        assert body["x-apptlint-source"]["kind"] in {"seed", "inferred"}, name


def test_flat_fields_match_the_seed():
    for version, expect_app, expect_pub in (("1.5.0", set(), set()), ("1.6.0", APPOINTMENT_FLAT, PUBLIC_FLAT)):
        for name, expected in (("Appointment", expect_app), ("PublicAppointment", expect_pub)):
            body = snapshots.schema(version, name)
            flat = {p for p in body["properties"] if p.endswith("_url")}
            assert flat == expected, (version, name)
            assert expected <= set(body["required"])
            for field in expected:
                assert body["properties"][field]["format"] == "uri"
                assert body["properties"][field]["x-replaces"] == "urls." + field[: -len("_url")]
            assert "add_to_google_calendar_url" not in body["properties"]


def test_urls_object_per_version():
    expected = {
        ("1.5.0", "Appointment"): {"add_to_google_calendar", "cancel", "confirm", "ics", "join", "reschedule"},
        ("1.6.0", "Appointment"): {
            "add_to_calendar",
            "add_to_google_calendar",
            "cancel",
            "confirm",
            "ics",
            "join",
            "reschedule",
        },
        ("1.5.0", "PublicAppointment"): {"add_to_calendar", "add_to_google_calendar", "cancel", "ics", "reschedule"},
        ("1.6.0", "PublicAppointment"): {"add_to_calendar", "add_to_google_calendar", "cancel", "ics", "reschedule"},
    }
    for (version, name), keys in expected.items():
        body = snapshots.schema(version, name)
        assert "urls" in body["required"]
        assert set(body["properties"]["urls"]["properties"]) == keys
        assert bool(body["properties"]["urls"].get("deprecated")) is (version == "1.6.0")


def test_reference_page_facts_are_identical_in_both_versions():
    for name in ("BookingLink", "Client", "Provider", "PaginationMeta", "BookingLinksResponse"):
        assert snapshots.schema("1.5.0", name) == snapshots.schema("1.6.0", name)
    bl = props("1.6.0", "BookingLink")
    assert bl["id"]["pattern"] == r"^bl_\w{24}$"
    assert bl["service_id"]["pattern"] == r"^srv_\w{12}$"
    assert bl["max_uses"] == {"type": ["integer", "null"], "minimum": 1, "description": bl["max_uses"]["description"]}
    assert bl["status"]["enum"] == ["active", "paused", "expired", "used_up"]
    assert bl["locked_fields"]["items"]["enum"] == ["service_id", "provider_id", "slot", "client_data", "submissions"]
    assert set(snapshots.schema("1.6.0", "BookingLink")["required"]) == {
        "created_at",
        "id",
        "locked_fields",
        "max_uses",
        "metadata",
        "object",
        "providers",
        "service_id",
        "status",
        "updated_at",
        "url",
        "uses_count",
        "uses_remaining",
    }
    assert props("1.6.0", "Client")["id"]["pattern"] == r"^clnt_\w{12}$"
    assert props("1.6.0", "Provider")["id"]["pattern"] == r"^prov_\w{12}$"
    assert set(snapshots.schema("1.6.0", "Client")["required"]) == {
        "created_at",
        "id",
        "locale",
        "object",
        "reference_id",
        "time_zone",
        "updated_at",
    }
    assert props("1.6.0", "Client")["reference_id"]["type"] == ["string", "null"]


def test_migration_map_is_read_from_the_snapshot():
    assert snapshots.url_key_map() == {k[: -len("_url")]: k for k in APPOINTMENT_FLAT}
    assert snapshots.keys_without_replacement() == ("add_to_google_calendar",)


@pytest.mark.parametrize("version", VERSIONS)
def test_examples_are_valid_under_their_own_version(version):
    names = snapshots.example_names(version)
    assert {
        "Appointment",
        "PublicAppointment",
        "AppointmentResponse",
        "PublicAppointmentResponse",
        "BookingLinksResponse",
        "AppointmentCreatedEventData",
    } <= set(names)
    for name in names:
        errors = list(validator(version, name).iter_errors(snapshots.example(version, name)))
        assert errors == [], (version, name, [e.message for e in errors])


@pytest.mark.parametrize(
    "name,missing", [("Appointment", APPOINTMENT_FLAT | {"urls.add_to_calendar"}), ("PublicAppointment", PUBLIC_FLAT)]
)
def test_old_examples_fail_under_new_version_for_the_flat_fields(name, missing):
    errors = list(validator("1.6.0", name).iter_errors(snapshots.example("1.5.0", name)))
    reported = set()
    for e in errors:
        assert e.validator == "required"
        prefix = ".".join(str(p) for p in e.absolute_path)
        for field in set(e.validator_value) - set(e.instance):
            reported.add(f"{prefix}.{field}" if prefix else field)
    assert reported == missing


def test_booking_link_reference_example_is_the_seed_example():
    example = snapshots.example("1.6.0", "BookingLinksResponse")
    assert example["data"][0]["id"] == "bl_d025a96ac0c6d025a96ac0c6"
    assert example["meta"] == {"current_page": 1, "page_size": 10, "total_count": 50, "total_pages": 5}


def test_refs_resolve_offline_only():
    resolver = snapshots.registry().resolver()
    assert resolver.lookup(snapshots.schema_uri("1.6.0", "Client")).contents["properties"]["id"]
    with pytest.raises(Unresolvable):
        resolver.lookup("https://example.com/schema.json")
