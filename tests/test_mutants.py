"""Tests that kill mutants the rest of the suite let survive; each docstring names the mutation it guards."""

import copy
import json
import re

from apptlint.payload import recognize, schema_diff, snapshots

A15 = snapshots.example("1.5.0", "Appointment")
P16 = snapshots.example("1.6.0", "PublicAppointment")
BOOKING_LINK = snapshots.example("1.6.0", "BookingLinksResponse")["data"][0]


def findings(result):
    return json.loads(result.stdout)["findings"]


def test_fix_takes_a_second_pass_for_a_read_nested_in_another(cli, tmp_path):
    """MAX_FIX_PASSES = 1 (code/engine.py): rewriting the outer read drops the fix of the read in its index,
    which only a second pass (run while an unfixable finding remains) picks up."""
    path = tmp_path / "nested.py"
    path.write_text(
        'x = y[a["urls"]["cancel"][0]]["urls"]["join"][0]\ng = a["urls"]["add_to_google_calendar"][0]\n'
    )  # APT003: unfixable, keeps the loop going
    result = cli("check", "--fix", "--unsafe-fixes", "--output-format", "json", path)
    assert path.read_text().splitlines()[0] == 'x = y[a["cancel_url"]]["join_url"]'
    assert [f["code"] for f in findings(result)] == ["APT003"]


def test_sarif_levels_are_each_rules_own(cli, tmp_path):
    """The SARIF `level` of results and of each rule's defaultConfiguration (reporters/sarif.py) is the rule's
    `level`: a deprecated read is a warning, not an error."""
    from apptlint.core.registry import all_rules

    path = tmp_path / "a.py"
    path.write_text('x = a["urls"]["cancel"][0]\n')
    run = json.loads(cli("check", "--output-format", "sarif", path).stdout)["runs"][0]
    assert run["results"] and {r["level"] for r in run["results"]} == {"warning"}
    rules = all_rules()
    assert {d["id"]: d["defaultConfiguration"]["level"] for d in run["tool"]["driver"]["rules"]} == {
        d["id"]: rules[d["id"]].level for d in run["tool"]["driver"]["rules"]
    }


def test_max_errors_shows_that_many_and_counts_the_rest(cli, tmp_path):
    """The "N more error(s) not shown (--max-errors)" finding of APT201, and its N."""
    link = dict(BOOKING_LINK, max_uses=0, name=5, status="nope", url="not a url", created_at="yesterday")
    path = tmp_path / "link.json"
    path.write_text(json.dumps(link))
    assert len(findings(cli("validate", "--output-format", "json", path))) == 5
    found = findings(cli("validate", "--max-errors", "2", "--output-format", "json", path))
    messages = [f["message"] for f in found]
    assert len(found) == 3 and all(f["code"] == "APT201" for f in found)
    assert messages.count("BookingLink: 3 more error(s) not shown (--max-errors)") == 1


def test_long_offending_value_is_truncated(cli, tmp_path):
    """VALUE_PREVIEW truncation in payload/validation.py `_shown`: a long value is cut, ending in "..."."""
    path = tmp_path / "link.json"
    path.write_text(json.dumps(dict(BOOKING_LINK, status="x" * 200)))
    [finding] = findings(cli("validate", "--output-format", "json", path))
    shown = re.search(r"\(got (.*)\)$", finding["message"]).group(1)
    assert shown.startswith("'xxxx") and shown.endswith("...") and len(shown) <= 60


def test_derive_missing_refuses_urls_of_another_appointment(cli, tmp_path):
    """The id check of payload/migration.py `_derive`: sibling URLs that all name another appointment's id
    derive nothing; the payload needs a refetch (APT301) and stays unchanged."""
    appt = json.loads(json.dumps(A15).replace("/c/appointments/appt_a1b2c3d4e5f6/", "/c/appointments/appt_other/"))
    path = tmp_path / "appt.json"
    path.write_text(json.dumps({"data": appt}))
    before = path.read_bytes()
    codes = {f["code"] for f in findings(cli("migrate", "--derive-missing", "--output-format", "json", path))}
    assert "APT301" in codes and "APT302" not in codes
    cli("migrate", "--derive-missing", "--write", path)
    assert path.read_bytes() == before


BOTH = 'x = a["urls"]["cancel"][0]\nu = "https://savvycal.com/help"\n'  # APT001 and APT101


def test_select_all_in_config(cli, tmp_path):
    """`select = ["ALL"]` in [tool.apptlint] (core/config.py `_codes`) runs every rule."""
    (tmp_path / "pyproject.toml").write_text('[tool.apptlint]\nselect = ["ALL"]\n')
    (tmp_path / "a.py").write_text(BOTH)
    codes = {f["code"] for f in findings(cli("check", "--output-format", "json", tmp_path / "a.py"))}
    assert {"APT001", "APT101"} <= codes


def test_select_all_on_the_command_line(cli, tmp_path):
    """`--select ALL` (core/registry.py `select`) runs every rule, overriding the config's narrower select."""
    (tmp_path / "pyproject.toml").write_text('[tool.apptlint]\nselect = ["APT1"]\n')
    (tmp_path / "a.py").write_text(BOTH)
    narrow = {f["code"] for f in findings(cli("check", "--output-format", "json", tmp_path / "a.py"))}
    assert "APT001" not in narrow and "APT101" in narrow
    codes = {f["code"] for f in findings(cli("check", "--select", "ALL", "--output-format", "json", tmp_path / "a.py"))}
    assert {"APT001", "APT101"} <= codes


def test_schema_diff_looks_inside_array_items(monkeypatch):
    """The `key == "items"` branch of payload/schema_diff.py: a change inside an array's items is reported there."""

    def thing(item):
        return {"Thing": {"type": "object", "properties": {"tags": {"type": "array", "items": item}}}}

    old = thing({"type": "object", "properties": {"name": {"type": "string"}}})
    new = thing(
        {
            "type": "object",
            "properties": {"name": {"type": "string"}, "color": {"type": "string"}},
            "required": ["color"],
        }
    )
    monkeypatch.setattr(snapshots, "schemas", {"0.0.1": old, "0.0.2": new}.__getitem__)
    [change] = schema_diff.diff_versions("0.0.1", "0.0.2")
    assert (change.kind, change.classification, change.location) == (
        "required-property-added",
        "breaking",
        "Thing.tags[].color",
    )


def test_public_appointment_recognised_by_its_keys(cli, tmp_path):
    """Recognising a PublicAppointment by its keys (payload/recognize.py `kind_of`) when `object` is missing."""
    public = copy.deepcopy(P16)
    del public["object"]
    path = tmp_path / "public.json"
    path.write_text(json.dumps(public))
    found = findings(cli("validate", "--detect-version", "--output-format", "json", path))
    assert found and all(f["code"] == "APT201" and f["message"].startswith("PublicAppointment:") for f in found)
    assert recognize.targets(public) == [recognize.Target("", "PublicAppointment")]
