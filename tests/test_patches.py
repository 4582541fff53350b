"""`check --diff` and `migrate --diff` print patches that real `git apply` and `patch -p1` accept (issue #16)."""

import json
import shutil
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from apptlint.payload import snapshots

P15 = json.dumps({"data": snapshots.example("1.5.0", "PublicAppointment")})
P16 = json.dumps({"data": snapshots.example("1.6.0", "PublicAppointment")})
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git_repo(tmp_path, files: dict[str, bytes]):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return tmp_path


def applies(repo, patch: bytes) -> None:
    for command in (["git", "apply", "--check", "-"], ["patch", "-p1", "--dry-run", "--quiet"]):
        if shutil.which(command[0]) is None:
            continue
        done = subprocess.run(command, cwd=repo, input=patch, capture_output=True)
        assert done.returncode == 0, (command, done.stdout + done.stderr, patch)


def apply_and_read(repo, patch: bytes, name: str) -> bytes:
    subprocess.run(["git", "apply", "-"], cwd=repo, input=patch, check=True)
    return (repo / name).read_bytes()


def run(cli, monkeypatch, repo, *args):
    monkeypatch.chdir(repo)
    return cli(*map(str, args))


def test_check_diff_without_final_newline_and_with_an_absolute_path(cli, monkeypatch, tmp_path):
    source = b'def f(appt: dict):\n    return appt["urls"]["cancel"][0]'
    repo = git_repo(tmp_path, {"a.py": source})
    result = run(cli, monkeypatch, repo, "check", "--diff", "--unsafe-fixes", repo / "a.py")
    assert result.exit_code == 1
    assert result.stdout.startswith("--- a/a.py\n+++ b/a.py\n"), result.stdout
    assert "\\ No newline at end of file" in result.stdout
    assert "APT001" not in result.stdout, "findings belong on stderr, not in the patch"
    applies(repo, result.stdout_bytes)
    assert apply_and_read(repo, result.stdout_bytes, "a.py") == b'def f(appt: dict):\n    return appt["cancel_url"]'


def test_migrate_diff_of_a_document_applies(cli, monkeypatch, tmp_path):
    pretty = json.dumps(json.loads(P15), indent=2).encode()  # no final newline
    repo = git_repo(tmp_path, {"p.json": pretty})
    result = run(cli, monkeypatch, repo, "migrate", "--diff", "--show-values", "p.json")
    assert result.exit_code == 1 and "APT204" not in result.stdout
    applies(repo, result.stdout_bytes)
    assert b'"cancel_url"' in apply_and_read(repo, result.stdout_bytes, "p.json")


LINES = st.lists(
    st.tuples(st.sampled_from(["old", "new", "blank", "other"]), st.sampled_from(["\n", "\r\n"])),
    min_size=1,
    max_size=9,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(LINES, st.booleans())
def test_migrate_diff_of_json_lines_applies_however_changes_fall(cli, tmp_path_factory, lines, final_newline):
    """Changed lines next to each other, two apart, far apart, CRLF and LF, blank lines, no final newline."""
    body = {"old": P15, "new": P16, "blank": "", "other": '{"id": 1}'}
    data = "".join(body[kind] + ending for kind, ending in lines)
    if not final_newline:
        data = data.rstrip("\r\n")
    repo = git_repo(tmp_path_factory.mktemp("repo"), {"log.jsonl": data.encode()})
    import os

    cwd = os.getcwd()
    os.chdir(repo)
    try:
        result = cli("migrate", "--diff", "--show-values", "log.jsonl")  # stdout_bytes: .stdout drops each \r
        if not any(kind == "old" for kind, _ in lines):
            assert result.stdout_bytes == b""
            return
        applies(repo, result.stdout_bytes)
        written = repo / "written.jsonl"
        shutil.copy(repo / "log.jsonl", written)
        assert cli("migrate", "--write", str(written)).exit_code == 0
        assert apply_and_read(repo, result.stdout_bytes, "log.jsonl") == written.read_bytes()
    finally:
        os.chdir(cwd)


def test_migrate_diff_redacts_personal_data_unless_show_values(cli, monkeypatch, tmp_path):
    appointment = snapshots.example("1.5.0", "Appointment")
    line = json.dumps({"data": appointment}).encode() + b"\n"
    repo = git_repo(tmp_path, {"log.jsonl": line, "doc.json": json.dumps({"data": appointment}, indent=2).encode()})
    client = appointment["client"]
    secrets = [client["email"], client["first_name"], client["last_name"]]
    redacted = run(cli, monkeypatch, repo, "migrate", "--derive-missing", "--diff", "log.jsonl", "doc.json")
    assert redacted.exit_code == 1 and '"email": "<redacted>"' in redacted.stdout
    assert not [s for s in secrets if s in redacted.stdout]
    assert '"cancel_url": "https://' in redacted.stdout, "the structure and the change stay readable"
    assert "redacted" in redacted.stderr
    shown = run(cli, monkeypatch, repo, "migrate", "--derive-missing", "--diff", "--show-values", "log.jsonl")
    assert all(s in shown.stdout for s in secrets)
    applies(repo, shown.stdout_bytes)
