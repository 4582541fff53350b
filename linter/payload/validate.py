"""`apptlint validate`: stream payload files (and stdin) through the validation engine."""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Callable

from apptlint.payload import snapshots
from apptlint.core.config import Settings
from apptlint.core.files import payload_files
from apptlint.core.progress import tracked
from apptlint.core.findings import Finding, Report
from apptlint.payload.jsonparse import locate, parse
from apptlint.payload.recognize import Target, targets
from apptlint.payload.validation import check_target

JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
CHUNK_BYTES = 8 * 1024 * 1024
# Lines of a few KB each: a 1 MB buffer reads them several times faster than the default 8 KB one.
LINE_BUFFER = 1024 * 1024
# Below this size a worker pool costs more than it saves.
PARALLEL_MIN_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Options:
    version: str
    schema: str | None = None
    detect_version: bool = False
    show_values: bool = False
    max_errors: int = 10


@dataclass
class Tally:
    payloads: int = 0
    findings: list[Finding] = field(default_factory=list)
    verdicts: Counter = field(default_factory=Counter)  # with --detect-version: "1.5.0,1.6.0" -> n
    per_payload: list[dict] = field(default_factory=list)
    lines: int = 0
    # Set: findings go there as they are found, in order, and only their codes are counted here.
    sink: Callable[[Finding], None] | None = None
    streamed: Counter = field(default_factory=Counter)

    def add(self, findings: list[Finding]) -> None:
        """One payload's findings (or a chunk's, in order)."""
        if self.sink is None:
            self.findings.extend(findings)
            return
        for f in sorted(findings, key=Finding.sort_key):
            self.sink(f)
            self.streamed[f.code] += 1

    def merge(self, other: "Tally", line_offset: int = 0) -> None:
        self.payloads += other.payloads
        self.verdicts.update(other.verdicts)
        self.add([_shift(f, line_offset) for f in other.findings])
        for p in other.per_payload:
            self.per_payload.append({**p, "line": p["line"] + line_offset if p["line"] else p["line"]})


def _shift(f: Finding, offset: int) -> Finding:
    if not offset or f.line is None:
        return f
    return Finding(**{**f.to_json(), "line": f.line + offset, "end_line": f.end_line + offset if f.end_line else None})


def check_document(data: bytes, path: str, line: int | None, options: Options, tally: Tally, multiline: bool,
                   unterminated: bool = False) -> None:
    findings: list[Finding] = []
    _check_document(data, path, line, options, tally, multiline, unterminated, findings)
    tally.add(findings)


def _check_document(data, path, line, options, tally, multiline, unterminated, out: list[Finding]) -> None:
    tally.payloads += 1
    parsed = parse(data)
    for problem in parsed.problems:
        where = (line or 1) + (problem.line_offset if multiline else 0)
        message = problem.message
        if unterminated and not parsed.ok:
            # Only the last line can lack its newline; a writer was likely cut off mid-line.
            message = f"truncated final line (no newline): {message}"
        out.append(Finding(path, where, problem.column, problem.code, message))
    if not parsed.ok:
        if options.detect_version:
            tally.verdicts["unparsable"] += 1
        return
    found = [Target("", options.schema)] if options.schema else targets(parsed.value)
    versions = snapshots.versions() if options.detect_version else (options.version,)
    valid_under = []
    for version in versions:
        results = [check_target(parsed.value, t, version, show_values=options.show_values, max_errors=options.max_errors,
                                path=path, line=line or 1) for t in found]
        if all(ok for ok, _ in results):
            valid_under.append(version)
        if version == options.version:
            for _, findings in results:
                out.extend(_locate(f, data, multiline) for f in findings)
    if options.detect_version:
        verdict = ",".join(valid_under) or "none"
        tally.verdicts[verdict] += 1
        tally.per_payload.append({"path": path, "line": line or 1, "kinds": sorted({t.schema or "?" for t in found}),
                                  "valid_under": valid_under})


def _locate(f: Finding, data: bytes, multiline: bool) -> Finding:
    """Point a finding at the line and column of its value in a .json file.

    JSON Lines findings keep the line alone: building a source map costs milliseconds a payload,
    which a log of millions of lines cannot pay.
    """
    if f.pointer is None or f.line is None or not multiline:
        return f
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return f
    position = locate(text, f.pointer)
    if position is None:
        return f
    line, column = position
    return Finding(**{**f.to_json(), "line": f.line + line - 1 if multiline else f.line, "column": column})


def _check_lines(handle, path: str, options: Options, tally: Tally, start_line: int = 1, limit: int | None = None) -> None:
    consumed = 0
    number = start_line - 1
    for raw in handle:
        number += 1
        consumed += len(raw)
        if not raw.isspace():  # blank lines are allowed between payloads
            check_document(raw, path, number, options, tally, multiline=False, unterminated=not raw.endswith(b"\n"))
        if limit is not None and consumed >= limit:
            break
    tally.lines = number - start_line + 1


def _chunk_worker(args) -> Tally:
    path, start, end, options = args
    tally = Tally()
    with open(path, "rb", buffering=LINE_BUFFER) as handle:
        handle.seek(start)
        _check_lines(handle, path, options, tally, start_line=1, limit=end - start)
    return tally


def _chunks(path: str, size: int):
    """Byte ranges that end on line boundaries."""
    with open(path, "rb") as handle:
        start = 0
        while start < size:
            handle.seek(min(start + CHUNK_BYTES, size))
            handle.readline()
            end = min(handle.tell(), size) if start + CHUNK_BYTES < size else size
            yield start, end
            start = end


def check_json_lines(path: str, options: Options, tally: Tally, jobs: int) -> None:
    size = os.path.getsize(path)
    if size == 0:
        tally.add([Finding(path, 1, None, "APT205", "empty file: no payload")])
        return
    if jobs > 1 and size >= PARALLEL_MIN_BYTES:
        tasks = [(path, s, e, options) for s, e in _chunks(path, size)]
        offset = 0
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for part in pool.map(_chunk_worker, tasks):
                tally.merge(part, offset)
                offset += part.lines
        return
    with open(path, "rb", buffering=LINE_BUFFER) as handle:
        _check_lines(handle, path, options, tally)


def check_json_file(path: str, data: bytes, options: Options, tally: Tally) -> None:
    check_document(data, path, 1, options, tally, multiline=True)


def validate_paths(paths, settings: Settings, options: Options, jobs: int | None = None, stdin=None,
                   progress=None, sink: Callable[[Finding], None] | None = None) -> tuple[Report, Tally]:
    """Validate the payload files under `paths`. With `sink`, findings go to it as they are found (in report
    order: files by path, then line) and the report keeps only their counts, so memory stays flat."""
    started = time.perf_counter()
    # Sorted by path, the order reports list findings in, so streamed output reads the same.
    files = sorted(payload_files(paths, settings))
    report = Report("validate", files=len(files))
    tally = Tally(sink=sink)
    jobs = jobs or os.cpu_count() or 1
    for path in tracked(files, progress):
        try:
            if path == "-":
                data = (stdin or sys.stdin.buffer).read()
                _check_stdin(data, options, tally)
            elif path.endswith(JSON_LINES_SUFFIXES):
                check_json_lines(path, options, tally, jobs)
            else:
                with open(path, "rb") as handle:
                    check_json_file(path, handle.read(), options, tally)
        except IsADirectoryError:
            report.errors.append(Finding(path, None, None, "APT998", "cannot read: is a directory"))
        except OSError as exc:
            report.errors.append(Finding(path, None, None, "APT998", f"cannot read: {exc.strerror or exc}"))
    report.findings = tally.findings
    report.streamed = tally.streamed
    report.payloads = tally.payloads
    if options.detect_version:
        report.extra["detected_versions"] = dict(sorted(tally.verdicts.items()))
    report.elapsed = time.perf_counter() - started
    return report, tally


def _check_stdin(data: bytes, options: Options, tally: Tally) -> None:
    """Stdin holds one JSON document, or JSON Lines when it does not parse as one."""
    whole = parse(data)
    if whole.ok or data.count(b"\n") <= 1:
        check_document(data, "-", 1, options, tally, multiline=True)
        return
    import io

    _check_lines(io.BytesIO(data), "-", options, tally)


def detect_summary(verdicts: dict, latest: str) -> str:
    """e.g. '9,870 valid under 1.6.0; 130 valid only under 1.5.0 - `apptlint migrate` can upgrade them; 2 valid under neither'."""
    parts = []
    current = sum(n for v, n in verdicts.items() if latest in v.split(","))
    older = {v: n for v, n in verdicts.items() if v not in ("none", "unparsable") and latest not in v.split(",")}
    parts.append(f"{current:,} valid under {latest}")
    for v, n in sorted(older.items()):
        parts.append(f"{n:,} valid only under {v.replace(',', ' and ')} - `apptlint migrate` can upgrade them")
    if verdicts.get("none"):
        parts.append(f"{verdicts['none']:,} valid under none")
    if verdicts.get("unparsable"):
        parts.append(f"{verdicts['unparsable']:,} not parsable")
    return "; ".join(parts)
