"""The house's rooms: one-way imports, payload rules as plug-ins, the next snapshot as a data change."""

import json
import os
import shutil
import subprocess
import sys
from importlib import resources

import pytest

from apptlint.core import registry
from apptlint.payload import snapshots

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
A15 = snapshots.example("1.5.0", "Appointment")
A16 = snapshots.example("1.6.0", "Appointment")


def test_import_contracts_hold():
    """cli -> engines (code, payload) -> sources -> core, and reporters -> core: no cycle can come back."""
    lint_imports = os.path.join(os.path.dirname(sys.executable), "lint-imports")
    result = subprocess.run(
        [lint_imports, "--config", os.path.join(ROOT, "pyproject.toml")], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


PLUGIN = '''
from apptlint.payload.rule import Issue, PayloadRule


class NoTestClients(PayloadRule):
    """
    ## What it does
    Flags appointments whose client e-mail is at example.com.

    ## Why is this bad
    Test data in production tables.

    ## Example
    `{"client": {"email": "a@example.com"}}`

    ## Fix safety
    Report only.
    """

    code = "APT250"
    name = "no-test-clients"
    summary = "A test client in stored data"

    def check_target(self, target):
        client = target.value.get("client") if isinstance(target.value, dict) else None
        if isinstance(client, dict) and str(client.get("email", "")).endswith("@example.com"):
            yield Issue("test client", pointer=target.pointer + "/client/email")
'''


@pytest.fixture
def plugin(tmp_path, monkeypatch):
    (tmp_path / "apt250_no_test_clients.py").write_text(PLUGIN)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(registry, "EXTRA_MODULES", ["apt250_no_test_clients"])
    registry.clear_cache()
    yield
    registry.clear_cache()


def test_a_payload_rule_added_as_a_module_runs_in_validate_and_obeys_select(plugin, tmp_path, cli):
    appt = {**A16, "client": {**A16["client"], "email": "kim@example.com"}}
    path = tmp_path / "p.json"
    path.write_text(json.dumps(appt))
    doc = json.loads(cli("validate", "--output-format", "json", path).stdout)
    assert [(f["code"], f["pointer"]) for f in doc["findings"]] == [("APT250", "/client/email")]
    assert cli("validate", "--ignore", "APT250", path).exit_code == 0
    assert "APT250" in cli("rules").stdout


@pytest.mark.parametrize("command", ["validate", "migrate"])
def test_validate_and_migrate_honour_select_ignore_and_per_file_ignores(tmp_path, cli, command):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "a.json").write_text(json.dumps({**A15, "id": A15["id"]}))
    (tmp_path / "b.json").write_text(json.dumps(A15))
    codes = lambda *args: sorted(
        f["code"] for f in json.loads(cli(command, "--output-format", "json", *args).stdout)["findings"]
    )
    assert codes(tmp_path) == ["APT204", "APT204"] if command == "validate" else codes(tmp_path) != []
    assert codes("--ignore", "APT2", tmp_path) == ([] if command == "validate" else codes("--select", "APT3", tmp_path))
    assert codes("--select", "APT205", tmp_path) == []
    (tmp_path / "pyproject.toml").write_text(
        '[tool.apptlint]\n[tool.apptlint.per-file-ignores]\n"old/*" = ["APT2", "APT3"]\n'
    )
    assert len(codes(tmp_path)) == len(codes(tmp_path / "b.json"))
    (tmp_path / "pyproject.toml").write_text('[tool.apptlint]\nignore = ["APT"]\n')
    assert codes(tmp_path) == []


def test_an_unknown_selector_is_an_error(cli):
    result = CliRunner_invoke(cli, "validate", "--select", "FOO", "-")
    assert result.exit_code == 2 and "FOO" in result.output


def CliRunner_invoke(cli, *args):
    from click.testing import CliRunner

    from apptlint.cli import main

    return CliRunner().invoke(main, list(args), input="{}")


@pytest.fixture
def next_snapshot(tmp_path):
    """The bundled snapshots plus a 1.7.0: 1.6.0 with one harmless change (a new optional field)."""
    root = tmp_path / "schemas"
    bundled = resources.files("apptlint.schemas")
    for version in snapshots.versions():
        shutil.copytree(str(bundled / version), root / version)
    shutil.copytree(root / "1.6.0", root / "1.7.0")
    document = json.loads((root / "1.7.0" / "openapi.json").read_text())
    document["info"]["version"] = "1.7.0"
    document["components"]["schemas"]["Appointment"]["properties"]["notes"] = {"type": "string"}
    (root / "1.7.0" / "openapi.json").write_text(json.dumps(document, indent=2))
    return root


def run(root, *args, input=None):
    env = {**os.environ, snapshots.SCHEMA_DIR_ENV: str(root)}
    return subprocess.run(
        [sys.executable, "-m", "apptlint", *map(str, args)], capture_output=True, text=True, env=env, input=input
    )


def test_a_new_snapshot_needs_no_code_change(next_snapshot, tmp_path):
    listing = json.loads(run(next_snapshot, "schemas", "list", "--output-format", "json").stdout)
    assert list(listing) == ["1.5.0", "1.6.0", "1.7.0"]
    diff = json.loads(run(next_snapshot, "schemas", "diff", "1.6.0", "1.7.0", "--output-format", "json").stdout)
    assert [(c["kind"], c["location"]) for c in diff["changes"]] == [("property-added", "Appointment.notes")]

    events = tmp_path / "events.jsonl"
    events.write_text(
        json.dumps({"type": "appointment.created", "data": {"object": A15}})
        + "\n"
        + json.dumps({"type": "appointment.created", "data": {"object": A16}})
        + "\n"
    )
    detected = run(next_snapshot, "validate", "--detect-version", "--output-format", "json", events)
    assert json.loads(detected.stdout)["summary"]["detected_versions"] == {"1.5.0": 1, "1.5.0,1.6.0,1.7.0": 1}, (
        detected.stderr
    )

    upgraded = run(next_snapshot, "migrate", "--derive-missing", "--write", events)
    assert upgraded.returncode == 0, upgraded.stdout + upgraded.stderr
    again = run(next_snapshot, "validate", "--detect-version", "--output-format", "json", events)
    assert json.loads(again.stdout)["summary"]["detected_versions"] == {"1.5.0,1.6.0,1.7.0": 2}
    assert run(next_snapshot, "migrate", events).returncode == 0  # nothing left to do
    assert run(next_snapshot, "check", "--target-version", "1.7.0", "-").returncode in (0, 2)


def test_no_engine_imports_a_rule_module():
    """Engines raise findings through the rules they are handed, never by importing one (or naming its code)."""
    import ast
    import glob
    import re

    offenders = []
    for path in glob.glob(os.path.join(ROOT, "linter", "**", "*.py"), recursive=True):
        text = open(path).read()
        for node in ast.walk(ast.parse(text)):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            offenders += [f"{path}: imports {n}" for n in names if n.startswith("apptlint.rules")]
        offenders += [f"{path}: names {m}" for m in re.findall(r"[\"']APT\d{3}[\"']", text)]
    assert offenders == []
