"""Timing whole commands, and the environments they run in: shared by every part of the benchmark."""

from __future__ import annotations

import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
# Two peer venvs, because Fixit 2 pins click<8.2 while check-jsonschema needs a newer click.
PEER_VENVS = {
    "venv-code": ["fixit>=2", "libcst"],
    "venv-json": ["check-jsonschema", "jsonschema[format-nongpl]", "orjson", "jsonschema-rs"],
    # the linters a team would run beside apptlint (semgrep apart: it is big, and only full runs time it)
    "venv-lint": ["ruff", "ast-grep-cli", "pre-commit"],
    "venv-semgrep": ["semgrep"],
}
PEER_PACKAGES = {
    "venv-lint": ["ruff", "ast-grep-cli", "pre-commit"],
    "venv-semgrep": ["semgrep"],
    "venv-code": ["fixit", "libcst"],
    "venv-json": ["check-jsonschema", "jsonschema", "orjson", "jsonschema-rs"],
}

# ---- measuring -----------------------------------------------------------------------------------


@dataclass
class Sample:
    wall: float
    cpu: float
    rss_mb: float


@dataclass
class Job:
    section: str  # e.g. "code check"
    tool: str  # e.g. "Fixit 2"
    role: str  # "apptlint", "peer" or "limit"
    cmd: list[str]
    shown: str  # the command as printed in the report
    corpus: str  # what it ran on, for the report
    events: int = 0  # payloads processed (0 for code jobs)
    nbytes: int = 0  # input bytes, for MB/s
    setup: object = None  # callable run (untimed) before every run, e.g. a fresh copy
    cwd: Path | None = None
    env: dict | None = None
    ok: tuple = (0, 1)  # exit codes that mean "ran fine" (1: findings)
    expect: str = ""  # text its output must contain, so a crash that exits 1 is not timed as a result
    samples: list[Sample] = field(default_factory=list)
    summary: str = ""

    def median(self, attr: str) -> float:
        return statistics.median(getattr(s, attr) for s in self.samples)


GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def run_once(job: Job, out: Path) -> Sample:
    if job.setup:
        job.setup()
    with open(out.with_suffix(".out"), "wb") as stdout, open(out.with_suffix(".err"), "wb") as stderr:
        started = time.perf_counter()
        # The command's own peak memory: through GNU time, a small C process, since a child forked from this
        # harness starts with the harness's RSS, which ru_maxrss keeps after exec (no command then measures
        # below the harness's size).
        rss_file = out.with_suffix(".rss")
        cmd = [GNU_TIME, "-f", "%M", "-o", str(rss_file), *job.cmd] if GNU_TIME else job.cmd
        # stdout goes to a real file: GNU grep stops at the first match when it writes to /dev/null.
        proc = subprocess.Popen(cmd, cwd=job.cwd, env=job.env, stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    text = _ends(out.with_suffix(".err")) + _ends(out.with_suffix(".out"))
    if code not in job.ok or job.expect not in text:
        raise RuntimeError(f"{job.shown!r} exited {code}:\n{text[-3000:]}")
    rss_kb = usage.ru_maxrss
    if GNU_TIME:
        try:
            rss_kb = int(rss_file.read_text().split()[-1])
        except (OSError, ValueError, IndexError):
            pass
    return Sample(wall, usage.ru_utime + usage.ru_stime, rss_kb / 1024)


def measure(job: Job, runs: int, warmup: bool, logs: Path, long_after: float = 0, long_runs: int = 3) -> Job:
    """Warm up once, then `runs` timed runs. When the warm-up alone takes over `long_after` seconds, its
    cold-cache share is negligible: it is kept as the first sample and `long_runs` samples are taken in all."""
    name = "".join(c if c.isalnum() else "_" for c in f"{job.section}-{job.tool}-{job.corpus}")
    out = logs / name
    job.samples = []
    if warmup:
        first = run_once(job, out)
        if long_after and first.wall > long_after:
            job.samples, runs = [first], max(1, long_runs - 1)
    job.samples += [run_once(job, out) for _ in range(runs)]
    lines = [
        line.strip()
        for path in (out.with_suffix(".err"), out.with_suffix(".out"))
        for line in _ends(path).splitlines()
        if line.strip()
    ]
    job.summary = next((line for line in lines if job.expect and job.expect in line), lines[0] if lines else "")
    print(
        f"  {job.tool:<22} {job.corpus:<28} wall {job.median('wall'):8.2f}s  cpu {job.median('cpu'):8.2f}s  "
        f"rss {job.median('rss_mb'):7.0f} MB   {job.summary[:90]}",
        flush=True,
    )
    return job


def _ends(path: Path, size: int = 4096) -> str:
    """The first and last `size` bytes of a log: enough for summaries, cheap for GB-sized outputs."""
    with open(path, "rb") as handle:
        head = handle.read(size)
        handle.seek(max(len(head), os.path.getsize(path) - size))
        return (head + b"\n" + handle.read()).decode("utf-8", "replace")


# ---- environment ---------------------------------------------------------------------------------


def peer_venv(work: Path, name: str) -> Path:
    """Create (once) a venv with the peers PEER_VENVS[name]; returns its python."""
    venv = work / name
    python = venv / "bin" / "python"
    marker = venv / "bench-requirements.json"
    requirements = PEER_VENVS[name]
    if python.exists() and marker.exists() and json.loads(marker.read_text()) == requirements:
        return python
    print(f"creating {venv} with {' '.join(requirements)} ...", flush=True)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    pip = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *requirements],
        capture_output=True,
        text=True,
    )
    if pip.returncode:
        raise SystemExit(f"pip install {' '.join(requirements)} failed:\n{pip.stdout[-3000:]}{pip.stderr[-3000:]}")
    marker.write_text(json.dumps(requirements))
    return python


def versions(python: Path, packages: list[str]) -> dict[str, str]:
    code = (
        "import json, sys\nfrom importlib.metadata import version\n"
        "print(json.dumps({p: version(p) for p in sys.argv[1:]}))"
    )
    return json.loads(
        subprocess.run([str(python), "-c", code, *packages], check=True, capture_output=True, text=True).stdout
    )


def git_state() -> str:
    """The commit apptlint was measured at, and whether its working tree had local changes."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return ""
    return f" (commit {head}{', with uncommitted changes' if dirty else ''})" if head else ""


# The apptlint every job runs: this interpreter's, unless a full run installed a wheel of this tree (apptlint_venv).
APPTLINT: list[str] = []


def apptlint_command() -> list[str]:
    if APPTLINT:
        return list(APPTLINT)
    script = Path(sys.executable).with_name("apptlint")
    return [str(script)] if script.exists() else [sys.executable, "-m", "apptlint.cli"]


def apptlint_python() -> str:
    """The interpreter apptlint runs on: `python -c pass` on it is the start-up floor."""
    return str(Path(APPTLINT[0]).with_name("python")) if APPTLINT else sys.executable


def apptlint_venv(work: Path) -> Path:
    """A venv with apptlint installed as users get it: a wheel built from this tree, with the template extras.

    Rebuilt every run (only apptlint itself; its dependencies stay), so the timings are of this tree's code."""
    venv = work / "venv-apptlint"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    dist = work / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("apptlint-*.whl")
    install = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    for step in (install + [f"{wheel}[jinja,django]"], install + ["--force-reinstall", "--no-deps", str(wheel)]):
        done = subprocess.run(step, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"installing {wheel.name} failed:\n{done.stderr[-3000:]}")
    APPTLINT[:] = [str(venv / "bin" / "apptlint")]
    return venv


def child_env(extra: dict | None = None) -> dict:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # let every tool use its bytecode cache, as on a user's machine
    env.update(extra or {})
    return env


def machine() -> dict:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
    }


def count_files(tree: str, suffix: str = ".py") -> int:
    return sum(1 for _, _, names in os.walk(tree) for n in names if n.endswith(suffix))


def fresh_copy(source: str, target: str):
    def copy():
        if os.path.isdir(source):
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target)
        else:
            shutil.copyfile(source, target)

    return copy


def rel(path) -> str:
    try:
        return os.path.relpath(path, ROOT)
    except ValueError:
        return str(path)
