import json

from apptlint.payload.schema_diff import diff_versions

# The seed's 1.5.0 -> 1.6.0 changes, written out by hand from ../shared/seeds.
SEED_CHANGES = (
    {
        ("breaking", "required-property-added", f"Appointment.{k}_url")
        for k in ("add_to_calendar", "cancel", "confirm", "ics", "join", "reschedule")
    }
    | {
        ("breaking", "required-property-added", f"PublicAppointment.{k}_url")
        for k in ("add_to_calendar", "cancel", "ics", "reschedule")
    }
    | {
        ("breaking", "required-property-added", "Appointment.urls.add_to_calendar"),
        ("deprecation", "deprecated", "Appointment.urls"),
        ("deprecation", "deprecated", "PublicAppointment.urls"),
        ("description", "description-added", "Appointment.urls"),
        ("description", "description-added", "PublicAppointment.urls"),
    }
    | {
        ("description", "description-removed", f"Appointment.urls.{k}")
        for k in ("cancel", "confirm", "ics", "join", "reschedule")
    }
    | {
        ("description", "description-removed", f"PublicAppointment.urls.{k}")
        for k in ("add_to_calendar", "add_to_google_calendar", "cancel", "ics", "reschedule")
    }
)


def test_diff_reports_exactly_the_seed_changes():
    got = {(c.classification, c.kind, c.location) for c in diff_versions("1.5.0", "1.6.0")}
    assert got == SEED_CHANGES


def test_diff_of_a_version_with_itself_is_empty(cli):
    assert diff_versions("1.6.0", "1.6.0") == []
    result = cli("schemas", "diff", "1.6.0", "1.6.0")
    assert result.exit_code == 0 and "no changes" in result.output


def test_diff_cli_json(cli):
    result = cli("schemas", "diff", "1.5.0", "1.6.0", "--output-format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert {(c["classification"], c["kind"], c["location"]) for c in doc["changes"]} == SEED_CHANGES


def test_schemas_list(cli):
    result = cli("schemas", "list", "--output-format", "json")
    listing = json.loads(result.output)
    assert list(listing) == ["1.5.0", "1.6.0"]
    assert "BookingLinksResponse" in listing["1.6.0"]


def test_schemas_show_lists_or_resolves_refs(cli):
    plain = cli("schemas", "show", "1.6.0", "BookingLinksResponse")
    assert json.loads(plain.stdout)["properties"]["meta"] == {"$ref": "#/components/schemas/PaginationMeta"}
    assert "PaginationMeta" in plain.stderr
    resolved = json.loads(cli("schemas", "show", "1.6.0", "BookingLinksResponse", "--resolve").output)
    assert (
        resolved["properties"]["data"]["items"]["properties"]["providers"]["items"]["properties"]["id"]["pattern"]
        == r"^prov_\w{12}$"
    )


def test_unknown_version_or_schema_is_a_usage_error(cli):
    assert cli("schemas", "show", "9.9.9", "Appointment").exit_code == 2
    assert cli("schemas", "show", "1.6.0", "Nope").exit_code == 2
    assert cli("schemas", "diff", "1.5.0", "2.0.0").exit_code == 2


def test_version_and_help(cli):
    from apptlint import __version__

    assert __version__ in cli("--version").output
    assert cli("--help").exit_code == 0
    assert cli("no-such-command").exit_code == 2
