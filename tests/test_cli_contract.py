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


READ = 'def f(appt: dict):\n    return appt["urls"]["cancel"][0]\n'
FIXED = 'def f(appt: dict):\n    return appt["cancel_url"]\n'


def test_check_dash_reads_stdin_and_fix_prints_the_source(cli, tmp_path, monkeypatch):
    found = cli("check", "-", input=READ)
    assert found.exit_code == 1 and found.stdout.startswith("-:2:12: APT001")
    fixed = cli("check", "--fix", "--unsafe-fixes", "-", input=READ)
    assert fixed.exit_code == 0 and fixed.stdout == FIXED and "1 fixed" in fixed.stderr
    unchanged = cli("check", "--fix", "-", input=READ)  # the fix is unsafe: the source comes back as it was
    assert unchanged.stdout == READ and "APT001" in unchanged.stderr
    (tmp_path / "pyproject.toml").write_text('[tool.apptlint]\nper-file-ignores = { "legacy/*" = ["APT001"] }\n')
    monkeypatch.chdir(tmp_path)
    named = cli("check", "--stdin-filename", "legacy/a.py", "-", input=READ)
    assert named.exit_code == 0, named.output
    assert cli("check", "--stdin-filename", "src/a.py", "-", input=READ).stdout.startswith("src/a.py:2:12: APT001")


def test_statistics_output_file_and_gitlab(cli, tmp_path):
    stats = cli("check", "--statistics", EXAMPLES + "/code")
    assert stats.exit_code == 1
    assert [line.split()[1] for line in stats.stdout.splitlines()] == ["APT001", "APT002", "APT003", "APT101"]
    assert stats.stdout.split()[0] == "4"
    as_json = json.loads(cli("check", "--statistics", "--output-format", "json", EXAMPLES + "/code").stdout)
    assert as_json[0] == {"code": "APT001", "name": "deprecated-urls-read", "count": 4, "fixable": 0}
    out = tmp_path / "report.json"
    result = cli("validate", "--output-format", "json", "--output-file", out, EXAMPLES + "/payloads")
    assert result.exit_code == 1 and result.stdout == "" and json.loads(out.read_text())["findings"]
    assert not list(tmp_path.glob("*.apptlint-tmp"))
    streamed = tmp_path / "report.txt"
    cli("validate", "-o", streamed, EXAMPLES + "/payloads")
    assert streamed.read_text().count("APT20") >= 4
    gitlab = json.loads(cli("check", "--output-format", "gitlab", EXAMPLES + "/code").stdout)
    assert {g["severity"] for g in gitlab} == {"minor"} and len({g["fingerprint"] for g in gitlab}) == len(gitlab)
    assert all(g["location"]["path"] == "examples/code/webhook_handler.py" for g in gitlab)


def test_color_always_and_never(cli):
    always = cli("check", "--color", "always", EXAMPLES + "/code").stdout
    never = cli("check", "--color", "never", EXAMPLES + "/code").stdout
    assert "\x1b[" in always and "\x1b[" not in never
    assert click_unstyle(always) == never


def click_unstyle(text):
    import click

    return click.unstyle(text)


def test_show_fixes_lists_what_fix_changed(cli, tmp_path):
    path = tmp_path / "a.py"
    path.write_text(READ)
    result = cli("check", "--fix", "--unsafe-fixes", "--show-fixes", path)
    assert "Fixed 1 finding(s) in 1 file(s):" in result.stdout and "2:12: APT001" in result.stdout
    assert path.read_text() == FIXED


def test_add_noqa_silences_report_only_findings_and_nothing_else_changes(cli, tmp_path):
    source = (
        'HOST = "https://app.savvycal.com/c/book/"\r\n'
        'x = appt["urls"]["add_to_google_calendar"][0]  # noqa: E501\r\n'
        'DOC = """https://app.savvycal.com/c/x\r\n"""\r\n'
        "y = 1\r\n"
    )
    path = tmp_path / "a.py"
    path.write_bytes(source.encode())
    result = cli("check", "--add-noqa", path)
    after = path.read_bytes().decode()
    assert after.split("\r\n") == [
        'HOST = "https://app.savvycal.com/c/book/"  # noqa: APT101',
        'x = appt["urls"]["add_to_google_calendar"][0]  # noqa: E501, APT003',
        'DOC = """https://app.savvycal.com/c/x',
        '"""',
        "y = 1",
        "",
    ]
    assert "1 line(s) cannot take a comment" in result.stderr
    again = cli("check", "--output-format", "json", path)
    assert [f["line"] for f in json.loads(again.stdout)["findings"]] == [3]
    assert cli("check", "--add-noqa", path).exit_code == 1 and path.read_bytes().decode() == after


def test_nothing_checked_says_so_and_exits_0(cli, tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    for command, what in (("check", "no Python files"), ("validate", "no payload files")):
        result = cli(command, tmp_path)
        assert result.exit_code == 0 and f"{what} found under the paths given" in result.stderr


def test_python_api_check_source():
    import apptlint
    from apptlint.core.registry import SelectorError

    result = apptlint.check_source(READ, "a.py")
    assert [f.code for f in result.findings] == ["APT001"] and result.fixed_source == READ and not result.changed
    fixed = apptlint.check_source(READ, fix=True, unsafe_fixes=True)
    assert fixed.fixed_source == FIXED and fixed.changed and fixed.findings == []
    assert apptlint.check_source(READ, select=["APT1"]).findings == []
    with pytest.raises(SelectorError):
        apptlint.check_source(READ, select=["E501"])


USER_SCRIPT = """
import apptlint
from apptlint.code.api import CheckResult
from apptlint.core.findings import Finding

result: CheckResult = apptlint.check_source("x = 1\\n", "a.py", fix=True)
codes: list[str] = [f.code for f in result.findings]
text: str = result.fixed_source
found: list[Finding] = apptlint.validate_payload({"object": "client"}, "1.6.0", show_values=False)
try:
    upgraded: dict[str, object] = apptlint.upgrade({"object": "client"}, to="1.6.0", derive_missing=True, validate=False)
except apptlint.UpgradeError as exc:
    missing: tuple[str, ...] = exc.missing
print(codes, text, found)
"""


def installed_layout(tmp_path):
    """The package as a wheel lays it out (apptlint/, apptlint/rules/, apptlint/schemas/), by symlinks: what mypy
    reads for a user, since it cannot follow the editable install's finder."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    package = tmp_path / "site" / "apptlint"
    package.mkdir(parents=True)
    for entry in (root / "linter").iterdir():
        (package / entry.name).symlink_to(entry)
    for name in ("rules", "schemas"):
        (package / name).symlink_to(root / name)
    return package.parent


def mypy_strict(tmp_path, script: str):
    pytest.importorskip("mypy")
    path = tmp_path / "use_api.py"
    path.write_text(script)
    # As for any installed package: its types are read, its own strictness is not the user's business.
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\nstrict = True\n[mypy-apptlint,apptlint.*]\nfollow_imports = silent\n")
    command = [sys.executable, "-m", "mypy", "--no-incremental", "--config-file", str(config), str(path)]
    env = {"MYPYPATH": str(installed_layout(tmp_path)), "PATH": "/usr/bin:/bin"}
    return subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, env=env)


def test_mypy_strict_accepts_a_script_using_the_api(tmp_path):
    done = mypy_strict(tmp_path, USER_SCRIPT)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_sees_the_real_signatures(tmp_path):
    done = mypy_strict(tmp_path, 'import apptlint\nx: int = apptlint.check_source("")\n')
    assert done.returncode == 1 and "CheckResult" in done.stdout, done.stdout + done.stderr


def test_add_noqa_leaves_a_file_that_does_not_parse_alone(cli, tmp_path):
    path = tmp_path / "bad.py"
    path.write_text('def f(:\n    x = a["urls"]["cancel"][0]\n')
    before = path.read_bytes()
    result = cli("check", "--add-noqa", path)
    assert result.exit_code == 1 and "APT999" in result.stdout and "cannot take a comment" not in result.stderr
    assert path.read_bytes() == before
