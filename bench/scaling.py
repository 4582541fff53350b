"""How fixing and big files scale: `--fix --unsafe-fixes` against `check` on the same file of N reads, and
`check` on a 1 MB module against libcst's bare parse of it (time and memory)."""

from __future__ import annotations

import os
from pathlib import Path

from bench.measure import Job, apptlint_command, apptlint_python, child_env, fresh_copy, rel

KEYS = ("cancel", "reschedule", "ics", "join", "confirm")
HANDLER = """
def handler_{i}(event, session):
    payload = event.get("data") or {{}}
    total = 0
    for item in payload.get("items", []):
        total += item["amount"] * {m}
    if total > {i}:
        session.log("big", total, payload.get("id"))
    return {{"id": payload.get("id"), "total": total, "ok": total % 2 == 0}}
"""


def reads_file(work: Path, reads: int) -> Path:
    """A module of `reads` top-level deprecated reads over 50 payload names: every one is fixed."""
    path = work / f"scaling-reads-{reads}.py"
    if not path.exists():
        lines = [f'x{i} = appt{i % 50}["urls"]["{KEYS[i % 5]}"][0]\n' for i in range(reads)]
        path.write_text("".join(lines))
    return path


def big_module(work: Path, size: int) -> Path:
    """About `size` bytes of ordinary handler functions, with one deprecated read every 200 of them."""
    path = work / f"scaling-module-{size}.py"
    if not path.exists():
        parts, total, i = [], 0, 0
        while total < size:
            part = HANDLER.format(i=i, m=i % 7 + 1) + (
                f'link_{i} = appt["urls"]["cancel"][0]\n' if i % 200 == 0 else ""
            )
            parts.append(part)
            total += len(part)
            i += 1
        path.write_text("".join(parts))
    return path


def scaling_jobs(work: Path, quick: bool) -> list[Job]:
    app, env = apptlint_command(), child_env()
    jobs = []
    for reads in (2_000,) if quick else (10_000, 50_000):
        source = reads_file(work, reads)
        target = work / f"scaling-fix-{reads}.py"
        label = f"1 file, {reads:,} reads"
        jobs.append(
            Job(
                "fix scaling",
                "apptlint check",
                "limit",
                [*app, "check", "--exit-zero", "-q", str(source)],
                f"apptlint check {rel(source)}",
                label,
                env=env,
            )
        )
        jobs.append(
            Job(
                "fix scaling",
                "apptlint",
                "apptlint",
                [*app, "check", "--exit-zero", "-q", "--fix", "--unsafe-fixes", str(target)],
                f"apptlint check --fix --unsafe-fixes {rel(target)} (a fresh copy each run)",
                label,
                setup=fresh_copy(str(source), str(target)),
                env=env,
            )
        )
    module = big_module(work, 200_000 if quick else 1_000_000)
    label = f"1 module, {os.path.getsize(module) / 1e6:.1f} MB"
    parse = f"import libcst; libcst.parse_module(open({str(module)!r}, 'rb').read())"
    jobs.append(
        Job(
            "big file",
            "apptlint",
            "apptlint",
            [*app, "check", "--exit-zero", "-q", str(module)],
            f"apptlint check {rel(module)}",
            label,
            env=env,
        )
    )
    jobs.append(
        Job(
            "big file",
            "libcst parse",
            "limit",
            [apptlint_python(), "-c", parse],
            "python -c 'libcst.parse_module(...)'",
            label,
            env=env,
            ok=(0,),
        )
    )
    return jobs


def scaling_targets(find, jobs: list[Job], verdict) -> list[str]:
    lines = []
    for job in jobs:
        if job.section == "fix scaling" and job.tool == "apptlint":
            check = find(jobs, "fix scaling", "apptlint check", job.corpus)
            if check:
                r = job.median("wall") / check.median("wall")
                lines.append(f"- fix ({job.corpus}): within 2x of check: {r:.2f}x, {verdict(r <= 2)}.")
    app, parse = find(jobs, "big file", "apptlint"), find(jobs, "big file", "libcst parse")
    if app and parse:
        t = app.median("wall") / parse.median("wall")
        m = app.median("rss_mb") / parse.median("rss_mb")
        lines.append(
            f"- big file ({app.corpus}): check within 2x of libcst's bare parse: {t:.2f}x its time, "
            f"{m:.2f}x its peak memory, {verdict(t <= 2 and m <= 2)}."
        )
    return lines


def table(jobs: list[Job]) -> str:
    rows = ["| job | tool | input | wall (median) | runs | peak RSS |", "|---|---|---|---:|---:|---:|"]
    for job in jobs:
        rows.append(
            f"| {job.section} | {job.tool} | {job.corpus} | {job.median('wall'):.2f} s | {len(job.samples)} | "
            f"{job.median('rss_mb'):.0f} MB |"
        )
    return "\n".join(rows)


SECTION = "## Fix scaling and big files"


def main(argv=None) -> int:
    """`python -m bench.scaling`: these rows alone (a few minutes), written into BENCHMARKS.md's own section."""
    import argparse
    import time

    from bench.measure import BENCH, ROOT, git_state, machine, measure
    from bench.run import find, verdict

    parser = argparse.ArgumentParser(prog="python -m bench.scaling", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs per command, after one warm-up (default 3)")
    parser.add_argument("--quick", action="store_true", help="small inputs, one run, nothing written")
    args = parser.parse_args(argv)
    work = (BENCH / ".work").resolve()
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    jobs = [
        measure(job, 1 if args.quick else args.runs, not args.quick, logs) for job in scaling_jobs(work, args.quick)
    ]
    info = machine()
    body = "\n".join(
        [
            SECTION,
            "",
            f"`python -m bench.scaling --runs {args.runs}` ({(time.perf_counter() - started) / 60:.1f} min; "
            f"{info.get('cpu', '')}, {info.get('cores', '')} cores;{git_state()}): one warm-up, then the "
            "median of the runs. Peak RSS is the command's own (GNU time).",
            "",
            table(jobs),
            "",
            *scaling_targets(find, jobs, verdict),
            "",
        ]
    )
    print(body)
    if not args.quick:
        path = ROOT / "BENCHMARKS.md"
        text = path.read_text()
        if SECTION in text:
            head, _, rest = text.partition(SECTION)
            tail = rest[rest.find("\n## ") + 1 :] if "\n## " in rest else ""
            text = head + body + ("\n" + tail if tail else "")
        else:
            text = text.rstrip("\n") + "\n\n" + body
        path.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
