"""`apptlint check`: run the code rules over Python files, and apply their fixes."""

from __future__ import annotations

import ast
import os
import re
import time
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import TYPE_CHECKING, cast

import libcst as cst

from apptlint.core import registry
from apptlint.core.config import Settings
from apptlint.core.files import iter_files, read_regular
from apptlint.core.findings import Finding, RunReport
from apptlint.core.rule import UNPARSABLE, UNREADABLE
from apptlint.core.selection import codes_for_path, selected
from apptlint.code.rule import DELETE_LINE, CodeRule, TreeContext, has_gate
from apptlint.code.tree import Positions, walk

if TYPE_CHECKING:
    from concurrent.futures import Executor

MAX_FIX_PASSES = 5
# Worker processes pay for themselves once this much source waits to be parsed: libcst parses about
# 180 KB/s on one core here, so 32 KB is about 0.18 s of work, of which a second core saves about half,
# against 40-60 ms to start the pool (measured on 4-16 generated consumers; see bench/).
PARALLEL_THRESHOLD_BYTES = 32_000
# With this many files, reading and prefiltering (most of a run over third-party code, where few files
# pass) is itself worth sharing out: workers then take batches of paths and do everything.
SCREEN_IN_WORKERS_FILES = 1_500
SCREEN_BATCH = 16  # small, so that a folder full of candidates (tests, consumers) is shared out too


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    fixed: int = 0
    unsafe_hidden: int = 0  # fixes not applied because they are unsafe and --unsafe-fixes was not given
    new_source: bytes | None = None  # set when fixes changed the file
    applied: list[Finding] = field(default_factory=list)  # the findings the fixes took away (--show-fixes)
    old_source: bytes | None = None
    error: Finding | None = None


def noqa_codes(line: str) -> set[str] | None:
    """None: no noqa; empty set: bare noqa (everything); else the listed codes."""
    from apptlint.code.noqa import NOQA

    match = NOQA.search(line)
    if not match:
        return None
    codes = match.group("codes")
    return set(re.split(r"[\s,]+", codes.upper().strip())) if codes else set()


def suppressed(code: str, lines: list[str], line: int) -> bool:
    if not 1 <= line <= len(lines):
        return False
    codes = noqa_codes(lines[line - 1])
    return codes is not None and (not codes or code in codes)


def _handlers(rules) -> dict[str, list]:
    table: dict[str, list] = {}
    for rule in rules:
        for name in dir(type(rule)):
            if name.startswith("visit_"):
                table.setdefault(name[len("visit_") :], []).append(getattr(rule, name))
    return table


def _run_rules(module: cst.Module, rule_classes, settings, path: str = "<string>", source: bytes | None = None):
    tree = TreeContext(module, path, source)
    rules = [cls(settings, tree) for cls in rule_classes]
    handlers = _handlers(rules)
    handlers.setdefault("Name", []).append(tree.names.append)
    walk(module, handlers, tree.parents)
    for rule in rules:
        rule.finish()
    return [(rule, report) for rule, report in ((r, rep) for r in rules for rep in r.reports)]


def candidate_rules(path: str, source: bytes, settings: Settings, codes: list[str]):
    """The rules whose prefilter this file passes; most files of a real codebase get none and are never parsed."""
    any_gate, screens = _screens(tuple(codes_for_path(path, settings, codes)), settings.all_hosts)
    # Prefilters search the raw bytes: their tokens are ASCII, so this holds for any encoding Python accepts.
    lower = source.lower()
    memo: dict = {"lower": lower}
    if any_gate is not None and not any(has_gate(gate, lower, memo) for gate in any_gate):
        return []
    return [rule for rule, prefilter in screens if prefilter.matches(source, memo)]


@lru_cache(maxsize=64)
def _screens(codes: tuple[str, ...], hosts: tuple[str, ...]):
    """The rules' prefilters, and the fewest gates of which a file needs one to pass any (None: no such set)."""
    rules = cast("dict[str, type[CodeRule]]", registry.code_rule_table())
    screens = [(rules[c], rules[c].prefilter_for(hosts)) for c in codes]
    alternatives = [gates for _, prefilter in screens for gates, _ in prefilter.alternatives]
    if not screens or any(not prefilter.alternatives for _, prefilter in screens) or any(not g for g in alternatives):
        return None, screens  # some rule reads every file (or passes on patterns alone)
    firsts = {gates[0] for gates in alternatives}
    # A gate containing another is implied by it: "url" already lets "urls" and "urlparse" through.
    return tuple(g for g in firsts if not any(o != g and o in g for o in firsts)), screens


def check_source(
    path: str,
    source: bytes,
    settings: Settings,
    codes: list[str],
    fix: bool,
    screened: bool = False,
    unsafe_fixes: bool = False,
) -> FileResult:
    """Check one file. `screened`: `codes` are already the rules whose prefilter this file passed;
    `unsafe_fixes`: also apply the fixes marked unsafe (they may change behaviour for some payload)."""
    result = FileResult(path, old_source=source)
    rules = registry.code_rule_table()
    rule_classes = [rules[c] for c in codes] if screened else candidate_rules(path, source, settings, codes)
    if not rule_classes:
        return result
    if len(source) > settings.max_file_size:
        result.error = Finding(
            path,
            1,
            1,
            registry.input_rule(UNPARSABLE).code,
            f"{len(source) / 1e6:.1f} MB, over max-file-size ({settings.max_file_size / 1e6:g} MB): not analysed, "
            "file left unchanged (raise `max-file-size` in [tool.apptlint] to check it)",
        )
        return result
    c_parser: list = []  # the C parser's SyntaxError, if any: its message and place are the ones users know
    too_deep = _too_deep(source, c_parser)
    if too_deep:
        message, line, column = too_deep
        result.error = Finding(path, line, column, registry.input_rule(UNPARSABLE).code, message)
        return result
    try:
        module = cst.parse_module(source)
    except (cst.ParserSyntaxError, UnicodeDecodeError, LookupError, SyntaxError, ValueError) as exc:
        result.error = _syntax_finding(
            path, c_parser[0] if c_parser and isinstance(exc, cst.ParserSyntaxError) else exc
        )
        return result
    except RecursionError:
        result.error = Finding(
            path, 1, 1, registry.input_rule(UNPARSABLE).code, "nested too deeply to analyse; file left unchanged"
        )
        return result
    try:
        _check_module(result, module, source, rule_classes, settings, fix, unsafe_fixes)
    except RecursionError:
        result.findings, result.fixed, result.new_source = [], 0, None
        result.error = Finding(
            path, 1, 1, registry.input_rule(UNPARSABLE).code, "nested too deeply to analyse; file left unchanged"
        )
    except Exception as exc:  # a bug of ours must cost this file's report, never the other files'
        result.findings, result.fixed, result.new_source = [], 0, None
        result.error = Finding(
            path,
            1,
            1,
            registry.input_rule(UNPARSABLE).code,
            f"internal error while checking this file ({type(exc).__name__}: {exc}); file left unchanged; "
            "please report it",
        )
    return result


def _check_module(
    result: FileResult, module, source: bytes, rule_classes, settings, fix: bool, unsafe_fixes: bool
) -> None:
    # Imported here, not at start-up: a run whose files all fail the prefilters never needs them.
    from apptlint.code.fixes import FixRefused, apply_edits, code_in_place, edits_for
    from apptlint.code.grammar import describe, grammar_problems

    path = result.path
    # Positions cost a whole pass over the tree: skip them when there is nothing to locate or edit.
    may_noqa = b"noqa" in source.lower()
    current = source
    for _ in range(MAX_FIX_PASSES if fix else 1):
        hits = _run_rules(module, rule_classes, settings, path, current)
        if not hits:
            result.findings = []
            break
        applies = lambda hit: fix and hit.replacement is not None and (unsafe_fixes or not hit.unsafe)
        unfixed = [(rule, hit) for rule, hit in hits if not applies(hit)]
        positions = Positions(module) if (unfixed or may_noqa or fix) else None
        lines = module.code.splitlines() if may_noqa else []
        replacements = []
        findings = []
        hidden = 0
        for rule, hit in hits:
            (line, col), (end_line, end_col) = (
                positions.range(hit.node, hit.within) if positions is not None else ((0, 0), (0, 0))
            )
            if may_noqa and suppressed(rule.code, lines, line):
                continue
            deletes = hit.replacement is DELETE_LINE
            if (
                hit.replacement is not None
                and not deletes
                and positions is not None
                and not _keeps_comments(module, positions, hit)
            ):
                hit.replacement = None
            if applies(hit):
                replacements.append((rule, hit, line, col, end_line, end_col))
                continue
            fixable = hit.replacement is not None and (unsafe_fixes or not hit.unsafe)
            if hit.replacement is not None and not fixable:
                hidden += 1
            # A fix that also drops dead lines (an alias) is more than this span: no suggestion for it.
            replacement = (
                code_in_place(module, hit.replacement, partial(positions.block_indent, hit.node))
                if fixable and not deletes and positions is not None
                else None
            )
            findings.append(
                Finding(
                    path, line, col + 1, rule.code, hit.message, end_line, end_col + 1, fixable, replacement=replacement
                )
            )
        result.findings = findings
        result.unsafe_hidden = hidden
        if not replacements:
            break
        applied = {id(hit) for _, hit, *_ in replacements}
        # A dead statement goes only with every read that made it dead.
        replacements = [
            r for r in replacements if all(id(read) in applied for removal in r[1].removals for read in removal.reads)
        ]
        pairs = [(hit.node, None if hit.replacement is DELETE_LINE else hit.replacement) for _, hit, *_ in replacements]
        assert positions is not None  # computed whenever fixing
        edits, nested = edits_for(module, positions, pairs)
        try:
            edited = apply_edits(module, current, positions, edits)
            if not _parses(edited):
                raise FixRefused("a fix produced code that does not parse")
            edited_module = cst.parse_module(edited)
            target = settings.python_grammar
            if len(grammar_problems(edited_module, target)) > len(grammar_problems(module, target)):
                raise FixRefused(f"a fix produced code that does not parse on {describe(target)} (target-python)")
        except FixRefused as refused:
            # Nothing is written; the fixes stay findings, and the file is named with the reason.
            result.findings += [
                Finding(path, line, col + 1, rule.code, hit.message, end_line, end_col + 1, False)
                for rule, hit, line, col, end_line, end_col in replacements
            ]
            result.error = Finding(
                path, 1, 1, registry.input_rule(UNPARSABLE).code, f"cannot fix safely: {refused}; file left unchanged"
            )
            result.fixed = 0
            current = source
            break
        result.fixed += sum(1 for e in edits if e.counts)
        result.applied += [
            Finding(path, line, col + 1, rule.code, hit.message, end_line, end_col + 1, True)
            for rule, hit, line, col, end_line, end_col in replacements
        ]
        current = edited
        module = edited_module
        if not unfixed and not nested:
            break  # a fix never creates a new finding (the idempotency tests hold it to that)
    if current != source:
        result.new_source = current


def _keeps_comments(module, positions, hit) -> bool:
    """A comment inside the replaced expression (`(appt["urls"]  # why\n ["cancel"][0])`) would be lost: no fix."""
    start, end = positions.span(hit.node)
    original = positions.code[start:end]
    return "#" not in original or original.count("#") == module.code_for_node(hit.replacement).count("#")


# Deeper than this, libcst's recursive parser and tree walks need more stack (and memory) than is sane.
MAX_NESTING = 150


def _too_deep(source: bytes, syntax_errors: list | None = None) -> tuple[str, int, int] | None:
    """Why a file is too deeply nested to analyse, or None. Asked before libcst parses, since its native parser
    recurses without bound and a deep enough file kills the process (SIGSEGV) instead of raising. CPython's C
    parser answers in bounded time and memory: it refuses more than 200 nested brackets itself.

    Walking the syntax tree costs a sixth of a parse, so it runs only on files that can nest that deep: long
    lines (a huge expression on one line), long `elif` chains, or big files. Deep nesting spread over many
    short lines still fails inside libcst, which stops with a RecursionError (reported the same way).
    """
    too_deep = (f"nested more than {MAX_NESTING} levels deep: too deep to analyse; file left unchanged", 1, 1)
    try:
        tree = ast.parse(source)
    except (RecursionError, MemoryError):
        return too_deep  # deeper than even the C parser goes: libcst would take minutes to fail the same way
    except SyntaxError as exc:
        if "nested" in str(exc.msg) or "too complex" in str(exc.msg):
            return f"{exc.msg}: too deep to analyse; file left unchanged", exc.lineno or 1, exc.offset or 1
        if syntax_errors is not None:
            syntax_errors.append(exc)
        return None  # syntax newer than this Python (libcst may read it), or an error reported from here
    except ValueError:
        return None
    if source.count(b"elif") < 100 and len(source) < 200_000 and max(map(len, source.splitlines()), default=0) < 400:
        return None
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_NESTING:
            return too_deep
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return None


def _parses(code: bytes) -> bool:
    """A fixed file must parse. The C parser answers fast; libcst settles syntax newer than this Python."""
    try:
        compile(code, "<fixed>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
        return True
    except (SyntaxError, ValueError):
        try:
            cst.parse_module(code)
            return True
        except cst.ParserSyntaxError:
            return False


def _syntax_finding(path: str, exc: Exception) -> Finding:
    if isinstance(exc, cst.ParserSyntaxError):
        first = str(exc).strip().splitlines()[0]
        return Finding(
            path,
            exc.raw_line,
            exc.raw_column + 1,
            registry.input_rule(UNPARSABLE).code,
            f"cannot parse: {first}; file left unchanged",
        )
    if isinstance(exc, ValueError) and not isinstance(exc, UnicodeDecodeError):
        # libcst refuses some layouts Python accepts (a form feed in an indentation): nothing is checked there.
        return Finding(path, 1, 1, registry.input_rule(UNPARSABLE).code, f"cannot analyse: {exc}; file left unchanged")
    if isinstance(exc, SyntaxError) and not isinstance(exc, UnicodeDecodeError) and exc.lineno:
        return Finding(
            path,
            exc.lineno,
            exc.offset or 1,
            registry.input_rule(UNPARSABLE).code,
            f"cannot parse: {exc.msg}; file left unchanged",
        )
    reason = "not valid UTF-8" if isinstance(exc, UnicodeDecodeError) else str(exc)
    return Finding(path, 1, 1, registry.input_rule(UNPARSABLE).code, f"cannot decode: {reason}; file left unchanged")


class _Runner:
    """Checks candidates in worker processes once there are enough to pay for them, starting while the
    caller is still prefiltering, so parsing overlaps reading. Results come back in submission order."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.pending: list = []  # candidates not yet handed to the pool
        self.pending_bytes = 0
        self.futures: list = []
        self.pool: Executor | None = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def submit(self, candidate) -> None:
        self.pending.append(candidate)
        self.pending_bytes += len(candidate[1])
        if (
            self.pool is None
            and self.jobs > 1
            and len(self.pending) > 1
            and self.pending_bytes >= PARALLEL_THRESHOLD_BYTES
        ):
            from apptlint.core.workers import process_pool  # most runs never need one: not at start-up

            self.pool = process_pool(self.jobs)  # its workers die with this process
        if self.pool is not None:
            self.futures += [self.pool.submit(check_source, *c) for c in self.pending]
            self.pending = []

    def results(self):
        for future in self.futures:
            yield future.result()
        for candidate in self.pending:  # too few for a pool
            yield check_source(*candidate)


def _screen(path: str, settings: Settings, codes: list[str], fixing: bool, unsafe_fixes: bool):
    """Read one file and run the prefilters: (an unreadable file's result, or None; the candidate to check, or None)."""
    try:
        source = read_regular(path)
    except OSError as exc:
        error = Finding(path, None, None, registry.input_rule(UNREADABLE).code, f"cannot read: {exc.strerror or exc}")
        return FileResult(path, error=error), None
    passing = candidate_rules(path, source, settings, codes)
    if not passing:
        return None, None
    return None, (path, source, settings, [r.code for r in passing], fixing, True, unsafe_fixes)


def _screen_batch(paths: list[str], settings: Settings, codes: list[str], fixing: bool, unsafe_fixes: bool):
    """A worker's share: read, prefilter and check `paths`; the results of the files that have any, in order."""
    results = []
    for path in paths:
        result, candidate = _screen(path, settings, codes, fixing, unsafe_fixes)
        if result is not None:
            results.append(result)
        if candidate is not None:
            results.append(check_source(*candidate))
    return results


def _screened_in_workers(files, settings, codes, fixing, unsafe_fixes, jobs):
    """(batch size, results) per batch of paths, in order, each batch read, screened and checked by a worker."""
    from apptlint.core.workers import process_pool

    batches = [files[i : i + SCREEN_BATCH] for i in range(0, len(files), SCREEN_BATCH)]
    with process_pool(jobs) as pool:  # its workers die with this process
        futures = [pool.submit(_screen_batch, batch, settings, codes, fixing, unsafe_fixes) for batch in batches]
        for batch, future in zip(batches, futures):
            yield len(batch), future.result()


def check_paths(
    paths,
    settings: Settings,
    *,
    fix=False,
    diff=False,
    select=None,
    ignore=None,
    jobs=None,
    progress=None,
    unsafe_fixes=False,
) -> tuple[RunReport, list[str]]:
    """Run the code rules. Returns the report and, with `diff`, unified diffs of what --fix would change.

    Up to SCREEN_IN_WORKERS_FILES files, reading and prefiltering happen here, and only the files that may
    hold a finding go to worker processes to be parsed, one at a time, so a slow file does not hold up a
    batch. Over more files, workers take batches of paths and read, screen and check them themselves.
    Results are collected in file order either way.
    """
    started = time.perf_counter()
    codes = selected([r.code for r in registry.code_rules()], settings, select, ignore)
    unsafe_fixes = unsafe_fixes or settings.unsafe_fixes
    from apptlint.code.templates.where import TEMPLATE_SUFFIXES, is_template

    special: list[str] = []
    folders: list[tuple[str, str]] = []
    found = list(
        iter_files(paths, (".py", ".pyi", *TEMPLATE_SUFFIXES), settings.excludes, skipped=special, unreadable=folders)
    )
    named = {os.path.normpath(p) for p in paths}
    templates = [f for f in found if f.endswith(TEMPLATE_SUFFIXES) and is_template(f, settings)]
    # A file named on the command line is Python whatever its suffix (a script), unless it is markup.
    files = [
        f
        for f in found
        if f.endswith((".py", ".pyi")) or (os.path.normpath(f) in named and not f.endswith(TEMPLATE_SUFFIXES))
    ]
    report = RunReport("check", files=len(files) + len(templates))
    # A folder the walk could not list: one error each (exit 2), since whatever is in it went unchecked.
    report.errors.extend(
        Finding(
            folder,
            None,
            None,
            registry.input_rule(UNREADABLE).code,
            f"cannot read: {reason} (a folder; nothing under it was checked)",
        )
        for folder, reason in folders
    )
    if special:
        report.extra["special_files_skipped"] = len(special)
    if progress is not None:
        progress.total = len(files)
    diffs: list[str] = []
    jobs = jobs or os.cpu_count() or 1
    fixing = fix or diff
    if jobs > 1 and len(files) >= SCREEN_IN_WORKERS_FILES:
        for batch_size, results in _screened_in_workers(files, settings, codes, fixing, unsafe_fixes, jobs):
            for result in results:
                _collect(result, report, diffs, fix, diff)
            if progress:
                progress.advance(batch_size)
    else:
        with _Runner(jobs) as runner:
            for path in files:
                result, candidate = _screen(path, settings, codes, fixing, unsafe_fixes)
                if result is not None:
                    _collect(result, report, diffs, fix, diff)
                if candidate is not None:
                    runner.submit(candidate)
                elif progress:
                    progress.advance()
            for result in runner.results():
                _collect(result, report, diffs, fix, diff)
                if progress:
                    progress.advance()
    if templates:
        _check_templates(templates, settings, codes, fix or diff, unsafe_fixes, report, diffs, fix, diff, progress)
    report.elapsed = time.perf_counter() - started
    return report, diffs


def _check_templates(templates, settings, codes, fixing, unsafe_fixes, report, diffs, fix, diff, progress) -> None:
    from apptlint.code.templates.check import check_template_source

    skipped: dict[str, int] = {}
    for path in templates:
        try:
            source = read_regular(path)
        except OSError as exc:
            report.errors.append(
                Finding(path, None, None, registry.input_rule(UNREADABLE).code, f"cannot read: {exc.strerror or exc}")
            )
            continue
        result, missing_engine = check_template_source(path, source, settings, codes, fixing, unsafe_fixes)
        if missing_engine:
            skipped[missing_engine] = skipped.get(missing_engine, 0) + 1
        _collect(result, report, diffs, fix, diff)
        if progress:
            progress.advance()
    if skipped:
        report.extra["templates_skipped"] = skipped


def _collect(result: FileResult, report: RunReport, diffs: list[str], fix: bool, diff: bool) -> None:
    if result.error is not None:
        (report.errors if result.error.code == registry.input_rule(UNREADABLE).code else report.findings).append(
            result.error
        )
    report.findings.extend(result.findings)
    if result.unsafe_hidden:
        report.extra["unsafe_fixes_hidden"] = report.extra.get("unsafe_fixes_hidden", 0) + result.unsafe_hidden
    if result.new_source is None:
        return
    from apptlint.core.atomic import write_atomic
    from apptlint.core.diffs import unified_diff

    if diff:
        diffs.append(unified_diff(result.path, result.old_source or b"", result.new_source))
        report.extra["would_fix"] = report.extra.get("would_fix", 0) + result.fixed
    elif fix:
        write_atomic(result.path, result.new_source)
        report.fixed += result.fixed
        report.applied += result.applied
