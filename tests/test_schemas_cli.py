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


def _example_files():
    """(file, schema) of every included JSON example: the snapshots' and examples/payloads'."""
    from pathlib import Path

    from apptlint.payload import snapshots
    from apptlint.payload.recognize import targets

    root = Path(__file__).resolve().parent.parent
    found = [
        (root / "schemas" / v / "examples" / f"{name}.json", name)
        for v in snapshots.versions()
        for name in snapshots.example_names(v)
    ]
    for path in sorted((root / "examples" / "payloads").glob("*.json")):
        (target,) = targets(json.loads(path.read_text()))
        if target.pointer == "":
            found.append((path, target.schema))
    return found


def test_exported_schemas_give_check_jsonschema_the_verdicts_of_validate(cli, tmp_path):
    import shutil
    import subprocess
    import sys
    from collections import defaultdict
    from pathlib import Path

    from apptlint.payload import snapshots

    checker = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    assert checker, "check-jsonschema is a test dependency"
    by_schema = defaultdict(list)
    for path, name in _example_files():
        by_schema[name].append(path)
    compared = verdicts = 0
    for version in snapshots.versions():
        for name, paths in sorted(by_schema.items()):
            schema_file = tmp_path / f"{version}-{name}.json"
            assert cli("schemas", "export", version, name, "-o", schema_file).exit_code == 0
            exported = json.loads(schema_file.read_text())
            assert exported["$schema"].endswith("/2020-12/schema") and exported["$id"].endswith(f":{version}:{name}")
            assert all(ref == "#" or ref.startswith("#/$defs/") for ref in _refs(exported))
            run = subprocess.run(
                [checker, "--output-format", "json", "--schemafile", str(schema_file), *map(str, paths)],
                capture_output=True,
                text=True,
                check=False,
            )
            failed = {Path(e["filename"]).resolve() for e in json.loads(run.stdout).get("errors", [])}
            for path in paths:
                ours = cli("validate", "--schema-version", version, "--schema", name, path).exit_code
                assert ours in (0, 1)
                assert (ours == 1) == (path.resolve() in failed), (version, name, path, run.stdout)
                compared += 1
                verdicts += ours
    assert compared >= 24 and 0 < verdicts < compared  # both verdicts occur


def _refs(node):
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_export_of_an_unknown_schema_is_a_usage_error(cli):
    result = cli("schemas", "export", "1.6.0", "Nope")
    assert result.exit_code == 2 and "not in snapshot 1.6.0" in result.output
