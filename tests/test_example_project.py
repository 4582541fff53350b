"""The walk-through of examples/project: a 1.5.0-era consumer whose tests pass again only when the code,
its fixtures and its recorded cassette are migrated together, and `apptlint status` says nothing is left."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # runs the project's own test suite three times

PROJECT = Path(__file__).resolve().parents[1] / "examples" / "project"
APPTLINT = [sys.executable, "-m", "apptlint.cli"]


def run(args, cwd):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300)


def project_tests(cwd):
    return run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd)


def test_code_fixtures_and_cassettes_are_migrated_together(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    assert project_tests(project).returncode == 0, "the example passes as written, against 1.5.0"
    before = json.loads(run([*APPTLINT, "status", "--output-format", "json"], project).stdout)
    assert before["code"]["APT001"]["python"] == 2 and before["code"]["APT005"]["python"] == 2
    assert before["stored"]["shapes"] == {"1.5.0-shaped": 1} and before["remaining"] == 5

    assert run([*APPTLINT, "check", "--fix", "."], project).returncode == 0
    after_code = project_tests(project)
    assert after_code.returncode == 1 and "test_links_from_the_recorded_api_response" in after_code.stdout
    assert "KeyError: 'cancel_url'" in after_code.stdout  # the cassette still holds a 1.5.0 body

    assert run([*APPTLINT, "migrate", "--derive-missing", "--write", "."], project).returncode == 0
    assert project_tests(project).returncode == 0
    status = run([*APPTLINT, "status"], project)
    assert status.returncode == 0 and "0 item(s) left" in status.stdout, status.stdout


def test_status_counts_files_it_cannot_read(cli, tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "broken.j2").write_text("{{ appt.urls.cancel[0] \n")
    result = cli("status", "--output-format", "json", tmp_path)
    state = json.loads(result.stdout)
    assert result.exit_code == 1 and state["remaining"] == 1
    assert state["unreadable"][0].endswith(
        "broken.j2:1: jinja template: unexpected end of template, expected 'end of print statement'."
    )
