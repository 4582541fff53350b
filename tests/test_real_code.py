"""Real code: `apptlint check` over every Python file of the test venv's site-packages (~4,200 files).

None of that code reads the appointments API, so any APT00x finding there is a false positive,
and so is any APT1xx finding (fixed hosts) in a file that never mentions "savvycal". Then
`check --fix --unsafe-fixes` must leave every file byte for byte as it was.

The files are copied first (only *.py and *.pyi), into a folder not named `site-packages`, which
the default excludes skip; a config file with `exclude = ["__pycache__"]` also lets in the folders
named `build` and `dist` that the defaults skip, so every file is looked at. `--fix` runs with
`--unsafe-fixes`, the tier APT001's rewrite is in. The whole corpus takes a few seconds on 2 cores
(most files never pass the prefilter), so no subset is needed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SITE_PACKAGES = Path(sysconfig.get_paths()["purelib"])
TIMEOUT = 600


def _python_files_only(directory: str, names: list[str]) -> list[str]:
    return [
        n
        for n in names
        if n == "__pycache__" or (not os.path.isdir(os.path.join(directory, n)) and not n.endswith((".py", ".pyi")))
    ]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("real-code")
    shutil.copytree(SITE_PACKAGES, root / "corpus", ignore=_python_files_only, symlinks=False)
    (root / "apptlint.toml").write_text('exclude = ["__pycache__"]\n')
    return root


def _files(root: Path) -> list[Path]:
    return sorted(p for p in (root / "corpus").rglob("*") if p.suffix in (".py", ".pyi") and p.is_file())


def _apptlint(root: Path, *args: str) -> tuple[int, dict, str]:
    command = [
        sys.executable,
        "-m",
        "apptlint",
        "check",
        "--output-format",
        "json",
        "--jobs",
        "2",
        "--config",
        str(root / "apptlint.toml"),
        *args,
        "corpus",
    ]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode in (0, 1), f"exit {done.returncode}\n{done.stderr[-3000:]}"
    return done.returncode, json.loads(done.stdout), done.stderr


def _show(findings: list[dict], root: Path, limit: int = 40) -> str:
    lines = []
    for f in findings[:limit]:
        where = f"{f['path']}:{f.get('line')}:{f.get('column')}"
        source = ""
        path = root / f["path"]
        if f.get("line") and path.is_file():
            text = path.read_text("utf-8", "replace").splitlines()
            if 0 < f["line"] <= len(text):
                source = "\n      " + text[f["line"] - 1].strip()[:160]
        lines.append(f"  {where} {f['code']} {f['message']}{source}")
    if len(findings) > limit:
        lines.append(f"  ... and {len(findings) - limit} more")
    return "\n".join(lines)


def _mentions_savvycal(root: Path, path: str) -> bool:
    return b"savvycal" in (root / path).read_bytes().lower()


def _compiles(path: Path) -> bool:
    try:
        compile(path.read_bytes(), str(path), "exec", dont_inherit=True)
        return True
    except (SyntaxError, ValueError):
        return False


def test_no_findings_in_real_code(corpus):
    files = _files(corpus)
    assert len(files) > 1000, f"only {len(files)} files copied from {SITE_PACKAGES}"
    _, report, stderr = _apptlint(corpus)
    findings = report["findings"]
    assert report["summary"]["files"] == len(files), (report["summary"], stderr[-2000:])

    urls = [f for f in findings if f["code"].startswith("APT0")]
    hosts = [f for f in findings if f["code"].startswith("APT1") and not _mentions_savvycal(corpus, f["path"])]
    # A real Python file (it compiles here) that the linter could not parse goes unchecked.
    unparsed = [f for f in findings if f["code"].startswith("APT9") and _compiles(corpus / f["path"])]
    problems = []
    if urls:
        problems.append(
            f"{len(urls)} APT00x findings (no code here reads the appointments API):\n{_show(urls, corpus)}"
        )
    if hosts:
        problems.append(f"{len(hosts)} APT1xx findings in files that never mention savvycal:\n{_show(hosts, corpus)}")
    if unparsed:
        problems.append(f"{len(unparsed)} files that compile but were not checked:\n{_show(unparsed, corpus)}")
    assert not problems, "\n\n".join(problems)


def _digests(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in _files(root)}


def test_fix_changes_nothing_in_real_code(corpus):
    before = _digests(corpus)
    _, report, stderr = _apptlint(corpus, "--fix", "--unsafe-fixes")  # the unsafe tier too: it holds APT001
    after = _digests(corpus)
    changed = sorted(path for path in before if before[path] != after.get(path))
    appeared = sorted(set(after) - set(before))
    assert not changed and not appeared, (
        f"--fix changed {len(changed)} files{' (and created ' + str(appeared) + ')' if appeared else ''}: "
        f"{changed[:40]}\nsummary: {report['summary']}"
    )
    internal = [f for f in report["findings"] if f["code"] == "APT999" and "internal" in f["message"]]
    assert not internal, f"the engine refused its own fixes:\n{_show(internal, corpus)}"
    assert report["summary"].get("fixed", 0) == 0, report["summary"]
