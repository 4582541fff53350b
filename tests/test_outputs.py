"""The result model's formats, exit codes and JSON shape are a public contract: pin them."""

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from apptlint.core.findings import Finding, RunReport
from apptlint.reporters import render_github

ROOT = Path(__file__).resolve().parents[1]
FINDING_KEYS = {
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "code",
    "message",
    "fixable",
    "pointer",
    "schema_version",
}
SUMMARY_KEYS = {"files", "findings", "errors", "fixed", "by_code", "elapsed_seconds"}


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A small repo with code and payload findings; the cwd, so SARIF URIs are repo-relative."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def sarif_schema():
    """The OASIS schema, kept in tests/data (see SARIF-SCHEMA-LICENSE.md there)."""
    return json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())


@pytest.mark.parametrize(
    "args", [["check", "examples/code"], ["validate", "examples/payloads"], ["migrate", "examples/payloads"]]
)
def test_sarif_is_valid_2_1_0_with_rule_metadata_and_relative_uris(cli, project, args):
    result = cli(*args, "--output-format", "sarif")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    schema = sarif_schema()
    jsonschema.validators.validator_for(schema)(schema).validate(doc)
    run = doc["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert run["results"]
    for res in run["results"]:
        rule = rules[res["ruleId"]]
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"]
        location = res["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].startswith("examples/")
        assert location["region"]["startLine"] >= 1


def test_github_annotations_escape_data_and_properties():
    report = RunReport("check", findings=[Finding("dir,a:b/x.py", 3, 5, "APT001", "100% bad\r\nnext: line, yes")])
    out = []

    class Sink:
        write = out.append

    render_github(report, Sink())
    assert out == ["::error file=dir%2Ca%3Ab/x.py,line=3,col=5,title=APT001::100%25 bad%0D%0Anext: line, yes\n"]


def test_github_format_from_the_cli(cli, project):
    result = cli("check", "--output-format", "github", "examples/code")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines and all(l.startswith("::error file=examples/code/webhook_handler.py,line=") for l in lines)
    assert any(",title=APT001::" in l for l in lines)


@pytest.mark.parametrize(
    "args,code",
    [
        (["check", "examples/code"], 1),
        (["validate", "examples/payloads"], 1),
        (["migrate", "examples/payloads"], 1),
        (["validate", "examples/payloads/booking-links.json"], 0),
        (["check", "examples/payloads"], 0),
        (["check", "missing.py"], 2),
    ],
)
def test_json_shape_and_exit_codes_are_stable(cli, project, args, code):
    result = cli(*args, "--output-format", "json")
    assert result.exit_code == code
    doc = json.loads(result.stdout)
    assert set(doc) == {"version", "findings", "summary"}
    assert SUMMARY_KEYS <= set(doc["summary"])
    for finding in doc["findings"]:
        assert set(finding) == FINDING_KEYS
        if args[0] == "check":
            assert finding["pointer"] is None and finding["schema_version"] is None


def test_check_without_paths_checks_the_working_directory(cli, project):
    implicit, explicit = (json.loads(cli("check", *args, "--output-format", "json").stdout) for args in ([], ["."]))
    assert implicit["findings"] == explicit["findings"] and implicit["findings"]


def test_usage_errors_exit_2(cli, project):
    assert cli("check", "-", "a.py").exit_code == 2
    assert cli("check", "--output-format", "xml", "x.py").exit_code == 2
    assert cli("validate", "--schema-version", "0.1.0", "x.json").exit_code == 2
    assert cli("check", "--fix", "--diff", "examples/code").exit_code == 2


def test_exit_zero_and_quiet(cli, project):
    result = cli("check", "--exit-zero", "-q", "examples/code")
    assert result.exit_code == 0 and "APT001" in result.stdout and result.stderr == ""


def test_summary_line_counts_by_code(cli, project):
    result = cli("check", "examples/code")
    assert "1 file" in result.stderr and "APT001 4" in result.stderr and "fixable with --fix" in result.stderr


def test_no_colour_in_pipes_and_with_no_color(cli, project, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in cli("check", "examples/code").stdout


def test_config_command_shows_values_and_sources(cli, project):
    (project / "pyproject.toml").write_text('[tool.apptlint]\nhosts = ["book.acme.com"]\nschema-version = "1.5.0"\n')
    doc = json.loads(cli("config", "--output-format", "json").stdout)
    assert doc["hosts"] == {"value": ["book.acme.com"], "source": str(project / "pyproject.toml")}
    assert doc["select"]["source"] == "default"
    text = cli("config").stdout
    assert 'schema-version = "1.5.0"' in text


@pytest.mark.parametrize(
    "toml,key",
    [
        ("unknown-key = 1", "unknown-key"),
        ('select = "APT001"', "select"),
        ('select = ["XYZ9"]', "select"),
        ('hosts = ["https://book.acme.com"]', "hosts"),
        ('schema-version = "9.9"', "schema-version"),
        ('per-file-ignores = ["a"]', "per-file-ignores"),
    ],
)
def test_bad_config_names_the_key_and_exits_2(cli, project, toml, key):
    (project / "pyproject.toml").write_text(f"[tool.apptlint]\n{toml}\n")
    result = cli("check", "examples/code")
    assert result.exit_code == 2
    assert key in result.output


def test_configured_schema_version_is_validates_default(cli, project):
    (project / "pyproject.toml").write_text('[tool.apptlint]\nschema-version = "1.5.0"\n')
    result = cli("validate", "--output-format", "json", "examples/payloads/public-appointment-1.5.0.json")
    assert result.exit_code == 0


def test_payload_globs_config(cli, project):
    (project / "pyproject.toml").write_text('[tool.apptlint]\npayload-globs = ["booking-*.json"]\n')
    doc = json.loads(cli("validate", "--output-format", "json", "examples/payloads").stdout)
    assert doc["summary"]["files"] == 1


def sarif_run(cli, *args):
    result = cli(*args, "--output-format", "sarif")
    doc = json.loads(result.stdout)
    schema = sarif_schema()
    jsonschema.validators.validator_for(schema)(schema).validate(doc)
    return doc["runs"][0]


def test_sarif_levels_descriptions_and_automation_ids(cli, project):
    check = sarif_run(cli, "check", "examples/code")
    validate = sarif_run(cli, "validate", "examples/payloads")
    assert check["automationDetails"]["id"] != validate["automationDetails"]["id"]
    rules = {r["id"]: r for run in (check, validate) for r in run["tool"]["driver"]["rules"]}
    assert not [r for r in rules.values() if r["fullDescription"]["text"].startswith("#")]
    assert rules["APT204"]["defaultConfiguration"]["level"] == "note"
    assert rules["APT201"]["defaultConfiguration"]["level"] == "error"
    assert rules["APT001"]["defaultConfiguration"]["level"] == "warning"
    assert "payload" in rules["APT204"]["properties"]["tags"]
    levels = {r["ruleId"]: r["level"] for r in validate["results"]}
    assert levels.get("APT204") == "note"


def test_sarif_uris_are_repository_relative_from_any_folder_and_percent_encoded(cli, project, monkeypatch):
    (project / ".git").mkdir()
    folder = project / "web app"
    folder.mkdir()
    shutil.copy(project / "examples/code/webhook_handler.py", folder / "hand ler.py")
    monkeypatch.chdir(project / "examples")
    run = sarif_run(cli, "check", str(folder))
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert uris == {"web%20app/hand%20ler.py"}
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == project.resolve().as_uri() + "/"
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] for r in run["results"]} == {
        "SRCROOT"
    }


def test_sarif_fingerprints_survive_moved_lines_and_errors_are_notifications(cli, project):
    path = project / "examples/code/webhook_handler.py"
    before = {r["partialFingerprints"]["apptlintFinding/v1"] for r in sarif_run(cli, "check", str(path))["results"]}
    path.write_text("# a new first line\n\n" + path.read_text())
    after = {r["partialFingerprints"]["apptlintFinding/v1"] for r in sarif_run(cli, "check", str(path))["results"]}
    assert before and before == after
    run = sarif_run(cli, "check", str(path), str(project / "missing.py"))
    assert run["invocations"][0]["executionSuccessful"] is False
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert [n["descriptor"]["id"] for n in notes] == ["APT998"]
    assert "APT998" not in {r["ruleId"] for r in run["results"]}


def apply_sarif_fixes(source: str, run: dict) -> str:
    lines = source.splitlines(keepends=True)
    changes = [
        (rep["deletedRegion"], rep["insertedContent"]["text"])
        for result in run["results"]
        for fix in result.get("fixes", [])
        for change in fix["artifactChanges"]
        for rep in change["replacements"]
    ]
    for region, text in sorted(changes, key=lambda c: (c[0]["startLine"], c[0]["startColumn"]), reverse=True):
        assert region["startLine"] == region["endLine"]  # the suggestions here are one-line spans
        line = lines[region["startLine"] - 1]
        lines[region["startLine"] - 1] = line[: region["startColumn"] - 1] + text + line[region["endColumn"] - 1 :]
    return "".join(lines)


def test_sarif_fixes_are_what_fix_writes(cli, tmp_path):
    source = (
        "def links(appt: dict, event: dict):\n"
        '    a = appt["urls"]["cancel"][0]\n'
        '    b, c = appt["urls"]["ics"][0], event["data"]["object"]["urls"]["join"][0]\n'
        '    return a, b, c, appt["urls"]["add_to_google_calendar"]\n'
    )
    path = tmp_path / "links.py"
    path.write_text(source)
    run = sarif_run(cli, "check", "--unsafe-fixes", str(path))
    assert sum(1 for r in run["results"] if r.get("fixes")) == 3
    suggested = apply_sarif_fixes(source, run)
    cli("check", "--fix", "--unsafe-fixes", str(path))
    assert suggested == path.read_text() != source
    path.write_text(source)
    safe_only = sarif_run(cli, "check", str(path))
    assert len(safe_only["results"]) == 4
    assert not [r for r in safe_only["results"] if r.get("fixes")], "no suggestion for a fix --fix would not apply"
