"""`apptlint migrate`: upgrade every payload of every source, keeping every untouched byte.

What to add comes from `apptlint.payload.migration`; what to say comes from the payload rules'
`check_migration` hooks (APT204, APT301-APT303); where the bytes go is the source's business
(an atomic file replacement, a streamed JSON Lines rewrite, an UPDATE per row).
"""

from __future__ import annotations

import io
import os
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from apptlint.core.atomic import ChangedSinceRead, state, sweep_stale_temp_files, write_target
from apptlint.core.findings import Finding, RunReport
from apptlint.core.rule import UNREADABLE
from apptlint.core import registry
from apptlint.payload.jsonparse import BOM, TOO_DEEP_TO_EDIT, Parsed, Problem, ProblemKind, parse, too_deep_to_edit
from apptlint.payload.migration import Plan, apply, is_valid_after, plan, steps
from apptlint.payload.rule import Migration
from apptlint.payload.ruleset import PayloadRuleSet, default_ruleset, finding, ruleset
from apptlint.payload.redact import personal_values, redact_personal_data
from apptlint.payload.validate import (
    CHUNK_BYTES,
    done_with,
    failed_on,
    in_context,
    parallel,
    parse_item,
    problem_findings,
    shift_lines,
    unreadable_folders,
)
from apptlint.sources.base import Item, Location, Source, SourceError
from apptlint.sources.files import JsonLinesFile, chunks

LEFT_UNCHANGED = "; left unchanged"


@dataclass(frozen=True)
class MigrateOptions:
    version: str
    write: bool = False
    derive_missing: bool = False
    backup: bool = False
    diff: bool = False
    show_values: bool = False  # diffs show personal data as it is (else redacted)


def migrate_item(item: Item, options: MigrateOptions, rules: PayloadRuleSet, findings: list[Finding]) -> bytes | None:
    """The upgraded bytes of one payload, or None when it is left as it is (reasons go to `findings`)."""
    loc = item.location
    data = item.data
    parsed = parse_item(item)
    bom = BOM if data is not None and data.startswith(BOM) else b""
    # A BOM or a non-portable number does not stop an upgrade: the edit keeps their bytes as they are.
    # Duplicate keys do, since which value is meant is unclear; so do an integer too long for Python to read
    # (its value is not what was written) and anything that does not parse. `validate` asks the same question
    # (jsonparse.upgrade_blocker) before it calls a payload migratable.
    blocking = [
        p
        for p in parsed.problems
        if p.kind is ProblemKind.DUPLICATE_KEY
        or p.blocks_upgrade
        or (p.kind is ProblemKind.INVALID_JSON and not (bom and p.column == 1))
    ]
    if not parsed.ok or blocking:
        findings.extend(problem_findings(parsed, item, rules, LEFT_UNCHANGED))
        return None
    todo = Plan()
    value, body = parsed.value, (data or b"")[len(bom) :]
    upgraded_body = None
    invalid_after = False
    # One step per snapshot version up to the target, each adding what its own `x-replaces` asks for.
    for version in steps(options.version):
        step = plan(value, version, options.derive_missing)
        todo.refetch += step.refetch
        todo.derived += step.derived
        todo.additions += step.additions
        if step.refetch:
            break
        if not step.additions:
            continue
        if too_deep_to_edit(parsed.value):
            too_deep = Parsed(problems=[Problem(ProblemKind.INVALID_JSON, TOO_DEEP_TO_EDIT.removeprefix("it "))])
            findings.extend(problem_findings(too_deep, item, rules, LEFT_UNCHANGED))
            return None
        body, value = apply(body, value, step.additions)
        if value is None:  # spliced into the text: read back what was written
            reparsed = parse(body)
            value = reparsed.value if reparsed.ok else None
        if value is None:
            invalid_after = True
            break
        upgraded_body = body
    new = None
    if not todo.refetch and upgraded_body is not None and not invalid_after:
        if is_valid_after(value, options.version):
            new = bom + upgraded_body
        else:
            invalid_after = True
    outcome = Migration(todo, options.version, options.write, new is not None, invalid_after)
    for code, hook in rules.migration_checks:
        findings.extend(finding(issue, code, loc.path, loc.line, options.version) for issue in hook(outcome))
    return new


def migrate_document(
    data: bytes,
    path: str,
    line: int | None,
    options: MigrateOptions,
    findings: list[Finding],
    rules: PayloadRuleSet | None = None,
) -> bytes | None:
    """One payload's bytes, upgraded (see migrate_item)."""
    return migrate_item(Item(Location(path, line), data), options, rules or default_ruleset(), findings)


def _range_worker(args) -> tuple[bytes, list[Finding], int, int, int]:
    """Upgrade one byte range of a JSON Lines file: (its new bytes, findings, payloads, changed, lines)."""
    path, start, end, options, codes = args
    source = JsonLinesFile(path, start=start, end=end)
    out = io.BytesIO()
    source._out = out  # every line of the range, replaced or not, in order
    findings: list[Finding] = []
    payloads = changed = 0
    rules = ruleset(codes)
    for item in source.items():
        payloads += 1
        new = migrate_item(item, options, rules, findings)
        if new is not None:
            changed += 1
            source.replace(item, new)
    return out.getvalue(), findings, payloads, changed, source.lines


def _migrate_in_parallel(source: JsonLinesFile, options, rules: PayloadRuleSet, report: RunReport, jobs: int) -> None:
    """Ranges of the file go to worker processes; their bytes are written back in file order to one temp file."""
    size = os.path.getsize(source.name)
    codes = tuple(sorted(rules.codes))
    tasks = [(source.name, s, e, options, codes) for s, e in chunks(source.name, size, CHUNK_BYTES)]
    if options.write:
        source.read_state = state(write_target(source.name))  # the ranges cover the file as it is now
        source.open_output()
    offset = changed = 0
    from apptlint.core.workers import process_pool

    with process_pool(jobs) as pool:
        for data, findings, payloads, range_changed, lines in _in_order(pool, tasks, ahead=2 * jobs):
            if options.write:
                source.write_range(data, range_changed)
            report.findings.extend(shift_lines(f, offset) for f in findings)
            report.payloads = (report.payloads or 0) + payloads
            changed += range_changed
            offset += lines
    if options.write:
        report.fixed += source.commit()
    if changed:
        report.extra["payloads_changed"] = report.extra.get("payloads_changed", 0) + changed


def _in_order(pool, tasks, ahead: int):
    """The workers' results in task order, with at most `ahead` ranges in flight: `pool.map` would submit them
    all, and the upgraded bytes of ranges finished early would pile up in memory while an earlier one runs."""
    pending: deque = deque()
    for task in tasks:
        pending.append(pool.submit(_range_worker, task))
        if len(pending) >= ahead:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def migrate_source(
    source: Source, options: MigrateOptions, rules: PayloadRuleSet, report: RunReport, diffs: list[str], jobs: int = 1
) -> None:
    if not options.diff and isinstance(source, JsonLinesFile) and parallel(source, jobs):
        _migrate_in_parallel(source, options, rules, report, jobs)
        return
    changed = 0
    if options.diff and not options.show_values:
        source.redact, source.personal_values = redact_personal_data, personal_values
    for item in source.items():
        report.payloads = (report.payloads or 0) + 1
        found: list[Finding] = []
        new = migrate_item(item, options, rules, found)
        report.findings.extend(in_context(found, item))
        if new is None:
            continue
        changed += 1
        if options.diff:
            text = source.diff(item, new)
            if text:
                diffs.append(text)
        if options.write:
            source.replace(item, new)
    if options.diff and (text := source.patch()):
        diffs.append(text)
    if options.write:
        report.fixed += source.commit()
        for where in source.stale():
            report.errors.append(
                Finding(
                    where,
                    None,
                    None,
                    registry.input_rule(UNREADABLE).code,
                    "row changed while apptlint was reading it; left as it is now, rerun to upgrade it",
                )
            )
    if changed:
        report.extra["payloads_changed"] = report.extra.get("payloads_changed", 0) + changed


def migrate_sources(
    sources: Iterable[Source],
    selection,
    options: MigrateOptions,
    *,
    progress=None,
    files: int = 0,
    report: RunReport | None = None,
    jobs: int | None = None,
) -> tuple[RunReport, list[str]]:
    """Upgrade every payload of `sources`. A JSON Lines file over 16 MB is split over `jobs` processes
    (default: all cores), as `validate` does."""
    started = time.perf_counter()
    jobs = jobs or os.cpu_count() or 1
    report = report or RunReport("migrate", files=files, payloads=0)
    diffs: list[str] = []
    swept: set[str] = set()
    for source in sources:
        _sweep(source, options, report, swept)
        try:
            migrate_source(source, options, selection.for_path(source.name), report, diffs, jobs)
        except SourceError as exc:
            if not source.file_backed:
                raise  # a table: the database itself is unusable (one line, exit 2)
            report.errors.append(Finding(source.name, None, None, registry.input_rule(UNREADABLE).code, str(exc)))
        except ChangedSinceRead as exc:
            report.errors.append(
                Finding(source.name, None, None, registry.input_rule(UNREADABLE).code, str(exc.strerror))
            )
        except OSError as exc:
            report.errors.append(
                Finding(
                    source.name,
                    None,
                    None,
                    registry.input_rule(UNREADABLE).code,
                    f"cannot read or write: {exc.strerror or exc}",
                )
            )
        except Exception as exc:  # noqa: BLE001 - one file apptlint fails on must not end the run for the others
            if not source.file_backed:
                raise
            report.errors.append(failed_on(source.name, exc))  # nothing of it was written: commit comes last
        finally:
            done_with(source, report, progress)
    report.elapsed += time.perf_counter() - started
    return report, diffs


def _sweep(source: Source, options: MigrateOptions, report: RunReport, swept: set[str]) -> None:
    """Once per folder written to: remove the temp files a killed run left there (a dry run only lists them)."""
    if not source.file_backed or source.name == "-":
        return
    directory = os.path.dirname(write_target(source.name)) or "."
    if directory in swept:
        return
    swept.add(directory)
    removed, left = sweep_stale_temp_files(directory, remove=options.write)
    if removed:
        report.extra["stale_temp_files_removed"] = report.extra.get("stale_temp_files_removed", 0) + len(removed)
    if left:
        report.extra.setdefault("stale_temp_files", []).extend(left)


def migrate_paths(
    paths, settings, options: MigrateOptions, progress=None, selection=None
) -> tuple[RunReport, list[str]]:
    from apptlint.core.files import payload_files
    from apptlint.payload.ruleset import Selection
    from apptlint.sources.base import BodyLimits
    from apptlint.sources.files import file_source

    folders: list = []
    files = payload_files(paths, settings, unreadable=folders)
    if progress is not None:
        progress.total = len(files)
    sources = (file_source(p, options.write, options.backup, limits=BodyLimits.of(settings)) for p in files)
    report, diffs = migrate_sources(
        sources, selection or Selection(settings), options, progress=progress, files=len(files)
    )
    report.errors.extend(unreadable_folders(folders))
    return report, diffs
