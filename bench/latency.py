"""Where most users meet apptlint: a few files at a time, as a pre-commit hook runs it.

Each command gets the files of a small commit: one clean real file, one with findings, ten files.
`python -c pass` on apptlint's own interpreter is the floor every Python tool starts from. The
pre-commit rows time `git commit` itself through the real pre-commit, once with apptlint's three
hooks and once with ruff's hook alone, in two scratch repositories that differ only in their config.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from bench import peers
from bench.measure import ROOT, Job, apptlint_command, apptlint_python, child_env, rel

# Real Django files that mention URLs and splitting (so they pass the cheapest gates) but hold no finding.
CLEAN = "django/django/utils/text.py"
TEN = [
    CLEAN,
    "django/django/utils/html.py",
    "django/django/utils/http.py",
    "django/django/utils/dateparse.py",
    "django/django/utils/functional.py",
    "django/django/views/generic/base.py",
    "django/django/urls/base.py",
    "django/django/core/validators.py",
    "django/django/http/request.py",
]
FIXTURE = ROOT / "examples" / "payloads" / "booking-links.json"  # a clean 1.6.0 payload


def commit_files(work: Path, consumers: str) -> dict[str, list[str]]:
    """The three commits, copied under bench/.work/latency/ so every tool gets the same short paths."""
    folder = work / "latency"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)

    def take(source: Path) -> str:
        target = folder / source.name
        if target.exists():
            target = folder / f"{source.parent.name}_{source.name}"
        shutil.copyfile(source, target)
        return str(target)

    clean = take(work / CLEAN)
    findings = take(Path(consumers) / "consumer_000.py")
    ten = [clean] + [take(work / p) for p in TEN[1:]] + [findings]
    return {"1 clean file": [clean], "1 file with findings": [findings], "10 files": ten}


def latency_jobs(work: Path, consumers: str, lint: Path, semgrep_venv: Path | None) -> list[Job]:
    env = child_env()
    jobs = [
        Job(
            "start-up",
            "python -c pass",
            "limit",
            [apptlint_python(), "-c", "pass"],
            "python -c pass",
            "nothing",
            env=env,
            ok=(0,),
        )
    ]
    for label, files in commit_files(work, consumers).items():
        shown = " ".join(rel(f) for f in files) if len(files) == 1 else f"{rel(Path(files[0]).parent)}/ ({len(files)})"
        jobs += [
            Job(
                "start-up",
                "apptlint",
                "apptlint",
                [*apptlint_command(), "check", *files],
                f"apptlint check {shown}",
                label,
                env=env,
                expect="apptlint check:",
            ),
            Job(
                "start-up",
                "ruff (F401)",
                "peer",
                peers.ruff(lint, *files),
                f"ruff check --select F401 {shown}",
                label,
                env=env,
            ),
            Job(
                "start-up",
                "ast-grep (2 rules)",
                "peer",
                peers.ast_grep(lint, *files),
                f"ast-grep scan -r bench/peer_rules/ast-grep.yml {shown}",
                label,
                env=env,
            ),
        ]
        if semgrep_venv is not None:
            jobs.append(
                Job(
                    "start-up",
                    "semgrep (2 rules)",
                    "peer",
                    peers.semgrep(semgrep_venv, *files),
                    f"semgrep scan --config bench/peer_rules/semgrep.yml {shown}",
                    label,
                    env=child_env(peers.SEMGREP_ENV),
                    ok=(0, 1, 2),
                )
            )
    jobs.append(
        Job(
            "start-up",
            "apptlint validate",
            "apptlint",
            [*apptlint_command(), "validate", str(FIXTURE)],
            f"apptlint validate {rel(FIXTURE)}",
            "1 small fixture",
            env=env,
            expect="no findings",
        )
    )
    return jobs


# ---- a real commit through pre-commit -------------------------------------------------------------

APPTLINT_CONFIG = """repos:
  - repo: {repo}
    rev: {rev}
    hooks:
      - id: apptlint
      - id: apptlint-fix
      - id: apptlint-validate
"""
RUFF_CONFIG = """repos:
  - repo: local
    hooks:
      - id: ruff
        name: ruff
        entry: ruff check --force-exclude
        language: python
        types_or: [python, pyi]
        additional_dependencies: ["ruff=={version}"]
"""


def _git(repo: Path, *args: str, env=None) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def _scratch_repo(work: Path, name: str, config: str, clean_file: Path, env: dict, lint: Path) -> Path:
    repo = work / "pre-commit" / name
    shutil.rmtree(repo, ignore_errors=True)
    repo.mkdir(parents=True)
    _git(repo, "init", "-q")
    for key, value in (("user.email", "bench@example.com"), ("user.name", "bench"), ("commit.gpgsign", "false")):
        _git(repo, "config", key, value)
    (repo / ".pre-commit-config.yaml").write_text(config)
    (repo / "pyproject.toml").write_text("[project]\nname = 'scratch'\nversion = '0'\n")
    shutil.copyfile(clean_file, repo / "text.py")
    pre_commit = str(lint / "bin" / "pre-commit")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "--no-verify", "-m", "start")
    for step in (["install"], ["install-hooks"]):  # hook environments are built here, not in a timed run
        done = subprocess.run([pre_commit, *step], cwd=repo, capture_output=True, text=True, env=env)
        if done.returncode:
            raise SystemExit(f"pre-commit {step[0]} in {repo} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return repo


def _stage_a_change(repo: Path, env: dict):
    def setup():
        with open(repo / "text.py", "a") as handle:
            handle.write("# edited\n")
        _git(repo, "add", "text.py", env=env)

    return setup


def pre_commit_jobs(work: Path, lint: Path, ruff_version: str) -> list[Job]:
    rev = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    env = child_env({"PRE_COMMIT_HOME": str(work / "pre-commit-home"), "PRE_COMMIT_COLOR": "never"})
    clean = work / CLEAN
    label = "git commit of 1 changed clean file"
    jobs = []
    for name, config, tool, role in (
        ("apptlint", APPTLINT_CONFIG.format(repo=ROOT, rev=rev), "apptlint's 3 hooks", "apptlint"),
        ("ruff", RUFF_CONFIG.format(version=ruff_version), "ruff's hook", "peer"),
    ):
        repo = _scratch_repo(work, name, config, clean, env, lint)
        jobs.append(
            Job(
                "pre-commit",
                tool,
                role,
                ["git", "-C", str(repo), "commit", "-q", "-m", "bench"],
                f"git commit (hooks: {tool}; .pre-commit-config.yaml in {rel(repo)})",
                label,
                setup=_stage_a_change(repo, env),
                env=env,
                ok=(0,),
            )
        )
    return jobs
