"""Large trees: pinned popular packages (real third-party code), and a tree of templates.

Both are built once under bench/.work/ and reused while their inputs stay the same.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

from bench import peers
from bench.corpora import RECEIVERS, URL_KEYS, _finish, _own_project
from bench.measure import BENCH, Job, apptlint_command, child_env, rel

PINS = BENCH / "popular-packages.txt"


def popular_tree(work: Path) -> Path:
    """The .py files of bench/popular-packages.txt, installed as wheels for CPython 3.11 on Linux.

    The folder is not named site-packages (which apptlint and ruff exclude by default) and gets a
    pyproject.toml of its own, so every tool sees the same files."""
    stamp = PINS.read_bytes()
    final = work / "popular-tree"
    marker = final / ".pins"
    if marker.exists() and marker.read_bytes() == stamp:
        return final
    installed = work / "popular-install"
    shutil.rmtree(installed, ignore_errors=True)
    pip = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--only-binary=:all:",
            "--python-version",
            "3.11",
            "--platform",
            "manylinux2014_x86_64",
            "--implementation",
            "cp",
            "--target",
            str(installed),
            "-r",
            str(PINS),
        ],
        capture_output=True,
        text=True,
    )
    if pip.returncode:
        raise SystemExit(f"installing {rel(PINS)} failed:\n{pip.stderr[-3000:]}")
    tmp = work / "popular-tree.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    for folder, _, names in os.walk(installed):
        for name in names:
            if name.endswith((".py", ".pyi")):
                source = Path(folder, name)
                target = tmp / source.relative_to(installed)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
    shutil.rmtree(installed)
    (tmp / ".pins").write_bytes(stamp)
    shutil.rmtree(final, ignore_errors=True)
    return Path(_own_project(_finish(str(tmp), str(final))))


def size_of(tree: Path, suffixes=(".py", ".pyi")) -> tuple[int, int]:
    files = lines = 0
    for folder, _, names in os.walk(tree):
        for name in names:
            if name.endswith(suffixes):
                files += 1
                with open(os.path.join(folder, name), "rb") as handle:
                    lines += handle.read().count(b"\n")
    return files, lines


def big_tree_jobs(work: Path, lint: Path, semgrep_venv: Path | None) -> list[Job]:
    tree = popular_tree(work)
    files, lines = size_of(tree)
    label = f"{files:,} files, {lines / 1e6:.1f}M lines (popular packages)"
    shown = rel(tree)
    env = child_env()
    jobs = [
        Job(
            "large tree",
            "apptlint",
            "apptlint",
            [*apptlint_command(), "check", str(tree)],
            f"apptlint check {shown}",
            label,
            env=env,
            expect="apptlint check:",
        ),
        Job(
            "large tree",
            "ruff (F401)",
            "peer",
            peers.ruff(lint, str(tree)),
            f"ruff check --select F401 --no-cache --no-respect-gitignore {shown}",
            label,
            env=env,
        ),
        Job(
            "large tree",
            "ast-grep (2 rules)",
            "peer",
            peers.ast_grep(lint, str(tree)),
            f"ast-grep scan -r bench/peer_rules/ast-grep.yml {shown}",
            label,
            env=env,
        ),
        Job(
            "large tree",
            "grep -r urls",
            "limit",
            ["grep", "-r", "urls", str(tree)],
            f"grep -r urls {shown}",
            label,
            env=env,
        ),
    ]
    if semgrep_venv is not None:
        jobs.append(
            Job(
                "large tree",
                "semgrep (2 rules)",
                "peer",
                peers.semgrep(semgrep_venv, str(tree)),
                f"semgrep scan --config bench/peer_rules/semgrep.yml {shown}",
                label,
                env=child_env(peers.SEMGREP_ENV),
                ok=(0, 1, 2),
            )
        )
    return jobs


# ---- templates ---------------------------------------------------------------------------------

EMAIL = {
    "django": '<p>Hi {{ client.first_name }},</p>\n<p><a href="{{ appointment.urls.%s.0 }}">%s</a>\n'
    'or <a href="https://savvycal.com/c/appointments/{{ appointment.id }}/%s">here</a>.</p>\n',
    "jinja": "<p>Hi {{ client.first_name }},</p>\n<p><a href=\"{{ appointment['urls']['%s'][0] }}\">%s</a>\n"
    '{%% if appointment.urls.%s %%}or <a href="{{ appointment.urls.%s|first }}">here</a>{%% endif %%}</p>\n',
}


def template_tree(work: Path, django_sdist: str, seed: int, emails: int = 200) -> Path:
    """Django's own templates (admin, forms, auth...) and generated emails with deprecated reads and a fixed host."""
    final = work / f"templates-s{seed}-n{emails}"
    if final.is_dir():
        return final
    tmp = work / (final.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    for folder, _, names in os.walk(django_sdist):
        if f"{os.sep}templates" not in folder:
            continue
        for name in names:
            if name.endswith((".html", ".txt", ".xml")):
                source = Path(folder, name)
                target = tmp / "django" / source.relative_to(django_sdist)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
    rng = random.Random(seed)
    for n in range(emails):
        engine = "jinja" if n % 2 else "django"
        key = rng.choice([k for k in URL_KEYS if k != "add_to_calendar"])
        text = EMAIL[engine] % ((key, rng.choice(RECEIVERS), key) if engine == "django" else (key, key, key, key))
        target = tmp / "emails" / "templates" / f"email_{n:03d}.{'j2' if engine == 'jinja' else 'html'}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text * 20)
    return Path(_own_project(_finish(str(tmp), str(final))))


def template_jobs(work: Path, django_sdist: str, seed: int) -> list[Job]:
    tree = template_tree(work, django_sdist, seed)
    files, lines = size_of(tree, (".html", ".txt", ".xml", ".j2"))
    label = f"{files:,} templates, {lines:,} lines (Django's own + generated emails)"
    env = child_env()
    return [
        Job(
            "templates",
            "apptlint",
            "apptlint",
            [*apptlint_command(), "check", str(tree)],
            f"apptlint check {rel(tree)}",
            label,
            env=env,
            expect="apptlint check:",
        ),
        Job(
            "templates",
            "grep -r urls",
            "limit",
            ["grep", "-r", "urls", str(tree)],
            f"grep -r urls {rel(tree)}",
            label,
            env=env,
        ),
    ]
