"""`apptlint validate`: every payload of every source through the payload rules.

Sources (files, JSON Lines, stdin, table rows) hand over `(location, bytes)`; this module parses
each payload strictly, recognises its targets, validates them and lets the rules in force for
that source report. It never knows which kind of source a payload came from, except that a large
JSON Lines file may be split over worker processes.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from apptlint.core import registry
from apptlint.core.findings import Finding, RunReport
from apptlint.core.rule import UNREADABLE
from apptlint.payload import snapshots
from apptlint.payload.jsonparse import Parsed, Problem, ProblemKind, parse, problem_rules, upgrade_blocker
from apptlint.payload.positions import locate_all
from apptlint.payload.recognize import Target, shows_this_api, targets
from apptlint.payload.ruleset import PayloadRuleSet, ruleset
from apptlint.payload.shapes import shape_of
from apptlint.payload.validation import check_target
from apptlint.sources.base import Item, Source
from apptlint.sources.files import JsonLinesFile, chunks

CHUNK_BYTES = 8 * 1024 * 1024
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
    shapes: Counter = field(default_factory=Counter)  # with --detect-version: "mixed" -> n
    per_payload: list[dict] = field(default_factory=list)
    lines: int = 0  # of a JSON Lines chunk, to number the next chunk's lines
    # Set: findings go there as they are found, in order, and only their codes are counted here.
    sink: Callable[[Finding], None] | None = None
    streamed: Counter = field(default_factory=Counter)
    unrecognised_skipped: int = 0  # documents with nothing of this API in them, met in a walk

    def add(self, findings: list[Finding]) -> None:
        """One payload's findings (or a chunk's, in order)."""
        if self.sink is None:
            self.findings.extend(findings)
            return
        for f in sorted(findings, key=Finding.sort_key):
            self.sink(f)
            self.streamed[f.code] += 1

    def merge(self, other: Tally, line_offset: int = 0) -> None:
        self.payloads += other.payloads
        self.verdicts.update(other.verdicts)
        self.shapes.update(other.shapes)
        self.add([shift_lines(f, line_offset) for f in other.findings])
        for p in other.per_payload:
            self.per_payload.append({**p, "line": p["line"] + line_offset if p["line"] else p["line"]})


def shift_lines(f: Finding, offset: int) -> Finding:
    if not offset or f.line is None:
        return f
    return replace(f, line=f.line + offset, end_line=f.end_line + offset if f.end_line else None)


def parse_item(item: Item) -> Parsed:
    """The strict parse of an item; a source's note (an empty file, a NULL row) is an invalid-JSON problem."""
    if item.data is None:
        return Parsed(problems=[Problem(ProblemKind(item.note_kind), item.note or "no payload")])
    return parse(item.data)


def problem_findings(parsed: Parsed, item: Item, rules: PayloadRuleSet, suffix: str = "") -> list[Finding]:
    loc = item.location
    found = []
    by_kind = problem_rules()
    for problem in parsed.problems:
        rule = by_kind[problem.kind]
        if not rules.reports(rule.code):
            continue
        message = problem.message
        if loc.unterminated and not parsed.ok:
            # Only the last line can lack its newline; a writer was likely cut off mid-line.
            message = f"truncated final line (no newline): {message}"
        line = None if loc.line is None else loc.line + (problem.line_offset if loc.multiline else 0)
        found.append(Finding(loc.path, line, _column(problem.column, item), rule.code, message + suffix))
    return found


def _column(column: int | None, item: Item) -> int | None:
    # A row has no line; a column is kept only where its payload is one line, so it still points somewhere.
    if item.location.line is None and item.data is not None and b"\n" in item.data.strip():
        return None
    return column


def check_item(item: Item, options: Options, rules: PayloadRuleSet, tally: Tally, skip_unrecognised=False) -> None:
    findings: list[Finding] = []
    tally.payloads += 1
    loc = item.location
    parsed = parse_item(item)
    findings.extend(problem_findings(parsed, item, rules))
    if not parsed.ok:
        if options.detect_version:
            tally.verdicts["unparsable"] += 1
            tally.shapes["unparsable"] += 1
        tally.add(in_context(findings, item))
        return
    found = [Target("", options.schema)] if options.schema else targets(parsed.value)
    if skip_unrecognised and loc.multiline and not options.schema and not shows_this_api(parsed.value):
        # package.json, tsconfig.json...: plainly not a payload of this API (JSON Lines lines are always checked).
        # One that only fails to be recognised (`"object": "clientx"`) is checked and reported.
        tally.payloads -= 1
        tally.unrecognised_skipped += 1
        tally.add(findings)
        return
    versions = snapshots.versions() if options.detect_version else (options.version,)
    valid_under = []
    located: list[Finding] = []
    blocked = upgrade_blocker(parsed)
    for version in versions:
        chosen = version == options.version
        results = [
            check_target(
                parsed.value,
                t,
                version,
                rules if chosen else None,
                show_values=options.show_values,
                max_errors=options.max_errors,
                path=loc.path,
                line=loc.line,
                upgrade_blocked=blocked,
            )
            for t in found
        ]
        if all(ok for ok, _ in results):
            valid_under.append(version)
        if chosen:
            for _, target_findings in results:
                located.extend(target_findings)
    findings.extend(_locate(located, item))
    if options.detect_version:
        shape = shape_of(parsed.value, found, valid_under)
        tally.verdicts[",".join(valid_under) or "none"] += 1
        tally.shapes[shape.name or "unknown"] += 1
        detected = {
            "path": loc.path,
            "line": loc.line,
            "kinds": sorted({t.schema or "?" for t in found}),
            "valid_under": valid_under,
            "shape": shape.name,
        }
        if shape.unknown_members:
            detected["unknown_members"] = shape.unknown_members
        if shape.reasons:
            detected["mixed_because"] = shape.reasons
        tally.per_payload.append(detected)
        findings = [replace(f, shape=shape.name) for f in findings]
    tally.add(in_context(findings, item))


def in_context(findings: list[Finding], item: Item) -> list[Finding]:
    """Findings of a payload inside a larger file (a cassette's interaction) say where in it."""
    if item.context is None:
        return findings
    return [replace(f, message=f"{item.context}: {f.message}") for f in findings]


def _locate(findings: list[Finding], item: Item) -> list[Finding]:
    """Point findings at the line and column of their values in a multi-line document, all in one pass.

    JSON Lines findings keep the line alone: a payload on one line needs no more.
    """
    wanted = {f.pointer for f in findings if f.pointer is not None and f.line is not None}
    if not wanted or not item.location.multiline or item.data is None or item.context is not None:
        return findings
    try:
        text = item.data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return findings
    positions = locate_all(text, wanted)
    located = []
    for f in findings:
        position = positions.get(f.pointer) if f.pointer is not None and f.line is not None else None
        if position is None:
            located.append(f)
        else:
            line, column = position
            located.append(replace(f, line=f.line + line - 1, column=column))  # type: ignore[operator]
    return located


def check_source(source: Source, options: Options, rules: PayloadRuleSet, tally: Tally) -> None:
    for item in source.items():
        check_item(item, options, rules, tally, source.skip_unrecognised)


def _chunk_worker(args) -> Tally:
    path, start, end, options, codes = args
    tally = Tally()
    source = JsonLinesFile(path, start=start, end=end)
    check_source(source, options, ruleset(codes), tally)
    tally.lines = source.lines
    return tally


def _check_in_parallel(source: JsonLinesFile, options: Options, rules: PayloadRuleSet, tally: Tally, jobs: int) -> None:
    size = os.path.getsize(source.name)
    codes = tuple(sorted(rules.codes))
    tasks = [(source.name, s, e, options, codes) for s, e in chunks(source.name, size, CHUNK_BYTES)]
    offset = 0
    from apptlint.core.workers import process_pool

    with process_pool(jobs) as pool:
        for part in pool.map(_chunk_worker, tasks):
            tally.merge(part, offset)
            offset += part.lines


def parallel(source: Source, jobs: int) -> bool:
    return (
        jobs > 1
        and isinstance(source, JsonLinesFile)
        and source.name != "-"
        and os.path.getsize(source.name) >= PARALLEL_MIN_BYTES
    )


def done_with(source: Source, report: RunReport, progress) -> None:
    """Close a source, count it, and add its rows to the report (a table's)."""
    source.close()
    if progress is not None:
        progress.advance()
    rows = getattr(source, "rows", None)
    if rows is not None:
        report.extra["rows"] = report.extra.get("rows", 0) + rows


def unreadable(path: str, reason: str) -> Finding:
    return Finding(path, None, None, registry.input_rule(UNREADABLE).code, f"cannot read: {reason}")


def failed_on(path: str, exc: Exception) -> Finding:
    """A file apptlint itself failed on (a bug): said as a finding of that file, so the rest is still checked."""
    reason = f"apptlint failed on it ({type(exc).__name__}: {exc}); the other files were checked, please report it"
    return Finding(path, None, None, registry.input_rule(UNREADABLE).code, reason)


def unreadable_folders(folders) -> list[Finding]:
    """A folder the walk could not list: one finding each (exit 2), since whatever is in it went unchecked."""
    return [unreadable(folder, f"{reason} (a folder; nothing under it was checked)") for folder, reason in folders]


def validate_sources(
    sources: Iterable[Source],
    selection,
    options: Options,
    *,
    jobs: int | None = None,
    progress=None,
    sink: Callable[[Finding], None] | None = None,
    files: int = 0,
) -> tuple[RunReport, Tally]:
    """Validate every payload of `sources`. With `sink`, findings go to it as they are found (in report
    order: sources in the order given, then line) and the report keeps only their counts, so memory stays flat."""
    started = time.perf_counter()
    report = RunReport("validate", files=files)
    tally = Tally(sink=sink)
    jobs = jobs or os.cpu_count() or 1
    for source in sources:
        rules = selection.for_path(source.name)
        try:
            if isinstance(source, JsonLinesFile) and parallel(source, jobs):
                _check_in_parallel(source, options, rules, tally, jobs)
            else:
                check_source(source, options, rules, tally)
        except IsADirectoryError:
            report.errors.append(unreadable(source.name, "is a directory"))
        except OSError as exc:
            report.errors.append(unreadable(source.name, exc.strerror or str(exc)))
        except Exception as exc:  # noqa: BLE001 - one file apptlint fails on must not end the run for the others
            if not source.file_backed:
                raise  # a table: the database itself is the problem (one line, exit 2)
            report.errors.append(failed_on(source.name, exc))
        finally:
            done_with(source, report, progress)
    report.findings = tally.findings
    report.streamed = tally.streamed
    report.payloads = tally.payloads
    if tally.unrecognised_skipped:
        report.extra["unrecognised_skipped"] = tally.unrecognised_skipped
    if options.detect_version:
        report.extra["detected_versions"] = dict(sorted(tally.verdicts.items()))
        report.extra["detected_shapes"] = dict(sorted(tally.shapes.items()))
        report.extra["detected"] = sorted(tally.per_payload, key=lambda p: (p["path"], p["line"] or 0))
    report.elapsed = time.perf_counter() - started
    return report, tally


def mark_skippable(sources: list[Source], paths, *, report_all: bool, even_named: bool = False) -> None:
    """Which sources skip a document with nothing of this API in it: those met in a walk (or, with `even_named`,
    those named too), unless `report_all` (--strict, --schema) wants APT202 for every one."""
    named = set(map(os.path.normpath, paths))
    for source in sources:
        walked = os.path.normpath(source.name) not in named
        source.skip_unrecognised = not report_all and (walked or even_named)


def validate_paths(
    paths,
    settings,
    options: Options,
    jobs: int | None = None,
    stdin=None,
    progress=None,
    sink: Callable[[Finding], None] | None = None,
    selection=None,
    strict: bool = False,
) -> tuple[RunReport, Tally]:
    """Validate the payload files under `paths` (sorted by path, the order reports list findings in).

    A file met in a walk with nothing of this API in it is skipped and counted; named, or with `strict`
    or a forced schema, it is reported (APT202)."""
    from apptlint.core.files import payload_files
    from apptlint.payload.ruleset import Selection
    from apptlint.sources.base import BodyLimits
    from apptlint.sources.files import file_source

    folders: list = []
    files = sorted(payload_files(paths, settings, unreadable=folders))
    if progress is not None:
        progress.total = len(files)
    sources = [
        file_source(p, stdin=stdin, is_document=lambda data: parse(data).ok, limits=BodyLimits.of(settings))
        for p in files
    ]
    mark_skippable(sources, paths, report_all=strict or bool(options.schema))
    report, tally = validate_sources(
        sources, selection or Selection(settings), options, jobs=jobs, progress=progress, sink=sink, files=len(files)
    )
    report.errors.extend(unreadable_folders(folders))
    return report, tally


def shapes_summary(shapes: dict) -> str:
    """e.g. 'shapes: 9,870 1.6.0-shaped, 12 mixed, 118 1.5.0-shaped'."""
    return "shapes: " + ", ".join(f"{n:,} {name}" for name, n in sorted(shapes.items(), key=lambda s: -s[1]))


def detect_summary(verdicts: dict, latest: str) -> str:
    """e.g. '9,870 valid under 1.6.0; 130 valid only under 1.5.0 (APT204 says which `apptlint migrate` can upgrade);
    2 valid under none'. Not all older payloads are upgradable (a value may need a refetch), so it claims no more."""
    parts = []
    current = sum(n for v, n in verdicts.items() if latest in v.split(","))
    older = {v: n for v, n in verdicts.items() if v not in ("none", "unparsable") and latest not in v.split(",")}
    parts.append(f"{current:,} valid under {latest}")
    for v, n in sorted(older.items()):
        parts.append(
            f"{n:,} valid only under {v.replace(',', ' and ')} (APT204 says which `apptlint migrate` can upgrade)"
        )
    if verdicts.get("none"):
        parts.append(f"{verdicts['none']:,} valid under none")
    if verdicts.get("unparsable"):
        parts.append(f"{verdicts['unparsable']:,} not parsable")
    return "; ".join(parts)
