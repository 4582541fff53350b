"""The CLI contract users of ruff and check-jsonschema expect (issue #16); each case failed before its fix."""

import json
import shutil
import subprocess
import sys

import pytest

from apptlint.payload import snapshots

EXAMPLES = "examples"


@pytest.mark.parametrize(
    "args, says",
    [
        (["check", "--select", "APT201", EXAMPLES + "/code"], "payload rules, run by `apptlint validate`"),
        (["validate", "--select", "APT001", EXAMPLES + "/payloads"], "code rules, run by `apptlint check`"),
        (["migrate", "--select", "APT1", EXAMPLES + "/payloads"], "selects no rule `apptlint migrate` runs"),
        (["check", "--select", "FOO", EXAMPLES + "/code"], "unknown rule code"),
        (["check", "--ignore", "E501", EXAMPLES + "/code"], "unknown rule code"),
    ],
)
def test_a_selector_that_selects_nothing_runnable_exits_2(cli, args, says):
    result = cli(*args)
    assert result.exit_code == 2 and says in result.stderr, result.stderr


def test_check_select_of_an_input_rule_is_allowed(cli):
    assert cli("check", "--select", "APT999", EXAMPLES + "/code").exit_code == 0


def test_invalid_pyproject_toml_exits_2_naming_file_and_line(cli, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.apptlint\nselect = ["APT0"]\n')
    (tmp_path / "a.py").write_text("x = 1\n")
    for command in ("check", "validate"):
        result = cli(command, tmp_path / "a.py")
        assert result.exit_code == 2, command
        assert f"{tmp_path / 'pyproject.toml'}: invalid TOML" in result.stderr and "line 3" in result.stderr


def test_walks_and_the_hook_skip_files_that_are_plainly_not_payloads(cli, tmp_path):
    (tmp_path / "package.json").write_text('{"name": "web", "version": "1.0.0"}')
    (tmp_path / "settings.json").write_text('{"editor.tabSize": 2}')
    event = {
        "id": "evt_1",
        "type": "appointment.created",
        "data": {"object": snapshots.example("1.6.0", "Appointment")},
    }
    (tmp_path / "event.json").write_text(json.dumps(event))
    walked = cli("validate", "--output-format", "json", tmp_path)
    doc = json.loads(walked.stdout)
    assert walked.exit_code == 0 and doc["findings"] == [] and doc["summary"]["unrecognised_skipped"] == 2
    assert doc["summary"]["payloads"] == 1
    named = cli("validate", tmp_path / "package.json")
    assert named.exit_code == 1 and "APT202" in named.stdout
    for flags in (["--strict"], ["--schema", "Client"]):
        assert "package.json" in cli("validate", *flags, tmp_path).stdout, flags
    hook = cli("validate", "--skip-unrecognised", tmp_path / "package.json", tmp_path / "event.json")
    assert hook.exit_code == 0 and "1 file(s) with no payload of this API skipped" in hook.stderr


def test_the_validate_hook_entry_skips_what_is_not_a_payload():
    import yaml

    hooks = {h["id"]: h for h in yaml.safe_load(open(".pre-commit-hooks.yaml"))}
    hook = hooks["apptlint-validate"]
    assert "--skip-unrecognised" in hook["entry"].split()
    import re

    for path in ("tsconfig.json", "web/tsconfig.base.json", ".vscode/settings.json", "jsconfig.json"):
        assert re.search(hook["exclude"], path), path
    assert not re.search(hook["exclude"], "tests/fixtures/event.json")


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_python_dash_m_apptlint_works():
    done = subprocess.run([sys.executable, "-m", "apptlint", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and "apptlint" in done.stdout
