"""Every shell command in the README runs here, so the README cannot rot."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", README, re.S)
# The set-up and test commands are what .ci/run itself runs; running them here would recurse.
SKIP = ("python3 -m venv", "-m pytest")


def shell_blocks():
    for lang, body in BLOCKS:
        if lang == "sh":
            lines = [l for l in body.strip().splitlines() if l.strip() and not any(s in l for s in SKIP)]
            if lines:
                yield lines


def test_readme_opens_with_the_two_commands():
    first, second = [body.strip() for lang, body in BLOCKS[:2]]
    assert first.startswith("python3 -m venv .venv && .venv/bin/pip install -e '.[test]'") and "apptlint" in first
    assert second == ".venv/bin/python -m pytest"
    ci = (ROOT / ".ci" / "run").read_text()
    assert ci.rstrip().splitlines()[-1] == ".venv/bin/python -m pytest"


@pytest.mark.parametrize("lines", list(shell_blocks()), ids=lambda lines: lines[0][:60])
def test_readme_block_runs(lines, tmp_path):
    """Each block runs in order in a copy of the examples; apptlint may exit 0 or 1 (findings), never 2."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    bindir = os.path.dirname(sys.executable)
    for command in lines:
        # /tmp first: the interpreter's own path may well live under /tmp (a CI checkout).
        command = command.replace("/tmp/", f"{tmp_path}/tmp-").replace(".venv/bin/", bindir + "/")
        result = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert result.returncode in (0, 1), (command, result.stdout + result.stderr)
        assert "Traceback" not in result.stderr, command


def test_readme_yaml_snippets_parse_and_name_real_hooks():
    hooks = {h["id"] for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    snippets = [yaml.safe_load(body) for lang, body in BLOCKS if lang == "yaml"]
    used = {h["id"] for s in snippets if "repos" in s for repo in s["repos"] for h in repo["hooks"]}
    assert used and used <= hooks
    assert any("jobs" in s for s in snippets)


def test_readme_rules_table_lists_every_rule():
    from apptlint.core import registry

    for code, rule in registry.all_rules().items():
        assert f"| {code} | {rule.name} |" in README, code
