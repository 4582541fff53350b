"""The shipped hooks, exercised with the real `pre-commit try-repo` on a throwaway repository."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # real pre-commit builds a hook environment

ROOT = Path(__file__).resolve().parents[1]


def pre_commit_command():
    exe = shutil.which("pre-commit", path=os.path.dirname(sys.executable)) or shutil.which("pre-commit")
    if exe is None:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]' installs it)")
    return exe


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory):
    # One hook environment for the whole module: building it is the slow part.
    return tmp_path_factory.mktemp("pre-commit-home")


def git(repo, *args):
    subprocess.run(
        ["git", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.test",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.test",
        },
    )


def try_repo(repo, hook, home):
    result = subprocess.run(
        [pre_commit_command(), "try-repo", str(ROOT), hook, "--all-files"],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "PRE_COMMIT_HOME": str(home)},
        timeout=900,
    )
    return result.returncode, result.stdout + result.stderr


@pytest.fixture
def consumer(tmp_path):
    repo = tmp_path / "consumer"
    repo.mkdir()
    git(repo, "init", "-q")
    return repo


def test_check_hook_fails_on_bad_code_and_passes_once_fixed(consumer, pre_commit_home):
    bad = consumer / "handler.py"
    bad.write_text('def f(appt):\n    return appt["urls"]["cancel"][0]\n')
    git(consumer, "add", ".")
    code, output = try_repo(consumer, "apptlint", pre_commit_home)
    assert code == 1, output
    assert "APT001" in output
    bad.write_text('def f(appt):\n    return appt["cancel_url"]\n')
    git(consumer, "add", ".")
    code, output = try_repo(consumer, "apptlint", pre_commit_home)
    assert code == 0, output


def test_fix_hook_rewrites_then_passes(consumer, pre_commit_home):
    bad = consumer / "handler.py"
    bad.write_text('def f(appt):\n    return appt["urls"]["join"][0]\n')
    # The read rewrite is an unsafe fix: a team opts in once its stored payloads are migrated.
    (consumer / "pyproject.toml").write_text("[tool.apptlint]\nunsafe-fixes = true\n")
    git(consumer, "add", ".")
    code, output = try_repo(consumer, "apptlint-fix", pre_commit_home)
    assert code == 1, output  # pre-commit fails a run that modified files
    assert bad.read_text() == 'def f(appt):\n    return appt["join_url"]\n'
    git(consumer, "add", ".")
    assert try_repo(consumer, "apptlint-fix", pre_commit_home)[0] == 0


def test_check_hooks_read_templates_and_pass_over_other_markup(consumer, pre_commit_home):
    templates = consumer / "app" / "templates"
    templates.mkdir(parents=True)
    email = templates / "confirm.html"
    email.write_text('{% load static %}<a href="{{ appointment.urls.cancel.0 }}">Cancel</a>\n')
    reminder = templates / "reminder.txt.j2"
    reminder.write_text("Join: {{ appt.urls.join[0] }}\n")
    (consumer / "README.txt").write_text("{{ appt.urls.join[0] }} is how the old template read it\n")
    (consumer / "docs.html").write_text("<p>{{ appointment.urls.cancel.0 }}</p>\n")
    git(consumer, "add", ".")
    code, output = try_repo(consumer, "apptlint", pre_commit_home)
    assert code == 1, output
    assert (
        "app/templates/confirm.html:1:41: APT001" in output and "app/templates/reminder.txt.j2:1:14: APT001" in output
    )
    assert "README.txt" not in output and "docs.html" not in output and "skipped" not in output
    (consumer / "pyproject.toml").write_text("[tool.apptlint]\nunsafe-fixes = true\n")
    git(consumer, "add", ".")
    assert try_repo(consumer, "apptlint-fix", pre_commit_home)[0] == 1
    assert email.read_text() == '{% load static %}<a href="{{ appointment.cancel_url }}">Cancel</a>\n'
    assert reminder.read_text() == "Join: {{ appt.join_url }}\n"
    git(consumer, "add", ".")
    assert try_repo(consumer, "apptlint", pre_commit_home)[0] == 0


def test_validate_hook_checks_payload_files(consumer, pre_commit_home):
    (consumer / "fixture.json").write_text(json.dumps({"object": "provider", "id": "nope"}))
    git(consumer, "add", ".")
    code, output = try_repo(consumer, "apptlint-validate", pre_commit_home)
    assert code == 1 and "APT201" in output, output
    from apptlint.payload import snapshots

    (consumer / "fixture.json").write_text(json.dumps(snapshots.example("1.6.0", "BookingLinksResponse")))
    git(consumer, "add", ".")
    assert try_repo(consumer, "apptlint-validate", pre_commit_home)[0] == 0
