"""`apptlint check`: run the code rules over Python files, and apply their fixes."""

from __future__ import annotations

import ast
import difflib
import fnmatch
import os
import re
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import libcst as cst

from apptlint import registry
from apptlint.atomic import write_atomic
from apptlint.config import Settings, relative_to_root
from apptlint.files import iter_files
from apptlint.findings import Finding, Report
from apptlint.rule import TreeContext
from apptlint.tree import Positions, walk

NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.IGNORECASE)
SYNTAX_ERROR = "APT999"
MAX_FIX_PASSES = 5
# Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 4


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    fixed: int = 0
    new_source: bytes | None = None  # set when fixes changed the file
    old_source: bytes | None = None
    error: Finding | None = None


def rules_for(path: str, settings: Settings, codes: list[str]) -> list[str]:
    if not settings.per_file_ignores:
        return codes
    rel = relative_to_root(path, settings)
    ignored = [c for glob, cs in settings.per_file_ignores.items()
               if fnmatch.fnmatch(rel, glob) or fnmatch.fnmatch(os.path.basename(path), glob) for c in cs]
    return registry.select(codes, None, ignored) if ignored else codes


def noqa_codes(line: str) -> set[str] | None:
    """None: no noqa; empty set: bare noqa (everything); else the listed codes."""
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
                table.setdefault(name[len("visit_"):], []).append(getattr(rule, name))
    return table


def _run_rules(module: cst.Module, rule_classes, settings):
    tree = TreeContext(module)
    rules = [cls(settings, tree) for cls in rule_classes]
    handlers = _handlers(rules)
    handlers.setdefault("Name", []).append(tree.names.append)
    walk(module, handlers, tree.parents)
    for rule in rules:
        rule.finish()
    return [(rule, report) for rule, report in ((r, rep) for r in rules for rep in r.reports)]


class _Replace(cst.CSTTransformer):
    def __init__(self, replacements):
        super().__init__()
        self.replacements = replacements

    def on_leave(self, original, updated):
        return self.replacements.get(id(original), updated)


def candidate_rules(path: str, source: bytes, settings: Settings, codes: list[str]):
    """The rules whose prefilter this file passes; most files of a real codebase get none and are never parsed."""
    rule_classes = [registry.all_rules()[c] for c in rules_for(path, settings, codes)]
    # Prefilters search the raw bytes: their tokens are ASCII, so this holds for any encoding Python accepts.
    memo: dict = {}
    return [r for r in rule_classes if r.prefilter(settings).matches(source, memo)]


def check_source(path: str, source: bytes, settings: Settings, codes: list[str], fix: bool) -> FileResult:
    result = FileResult(path, old_source=source)
    rule_classes = candidate_rules(path, source, settings, codes)
    if not rule_classes:
        return result
    try:
        module = cst.parse_module(source)
    except (cst.ParserSyntaxError, UnicodeDecodeError, LookupError, SyntaxError) as exc:
        result.error = _syntax_finding(path, exc)
        return result
    # Positions cost a whole pass over the tree: skip them when every hit is fixed and no line can say noqa.
    may_noqa = b"noqa" in source.lower()
    passes = MAX_FIX_PASSES if fix else 1
    for _ in range(passes):
        hits = _run_rules(module, rule_classes, settings)
        if not hits:
            result.findings = []
            break
        unfixed = [(rule, report) for rule, report in hits if not (fix and report.replacement is not None)]
        positions = Positions(module) if (unfixed or may_noqa) else None
        lines = module.code.splitlines() if may_noqa else []
        replacements = {}
        findings = []
        for rule, report in hits:
            (line, col), (end_line, end_col) = positions.range(report.node) if positions is not None else ((0, 0), (0, 0))
            if may_noqa and suppressed(rule.code, lines, line):
                continue
            fixable = report.replacement is not None
            if fix and fixable:
                replacements[id(report.node)] = report.replacement
                continue
            findings.append(Finding(path, line, col + 1, rule.code, report.message, end_line, end_col + 1, fixable))
        result.findings = findings
        if not replacements:
            break
        module = module.visit(_Replace(replacements))
        result.fixed += len(replacements)
        if not unfixed:
            break  # nothing left to locate; a fix never creates a new finding (the idempotency tests hold it to that)
    if result.fixed:
        new = module.bytes
        if not _parses(new):  # pragma: no cover - guarded by tests on every rule
            result.error = Finding(path, 1, 1, SYNTAX_ERROR, "internal: a fix produced code that does not parse; file left unchanged")
            result.fixed = 0
            result.findings = []
            return result
        if new != source:
            result.new_source = new
    return result


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
        return Finding(path, exc.raw_line, exc.raw_column + 1, SYNTAX_ERROR, f"cannot parse: {first}; file left unchanged")
    reason = "not valid UTF-8" if isinstance(exc, UnicodeDecodeError) else str(exc)
    return Finding(path, 1, 1, SYNTAX_ERROR, f"cannot decode: {reason}; file left unchanged")


def _check_candidate(args) -> FileResult:
    return check_source(*args)


def check_paths(paths, settings: Settings, *, fix=False, diff=False, select=None, ignore=None, jobs=None,
                progress=None) -> tuple[Report, list[str]]:
    """Run the code rules. Returns the report and, with `diff`, unified diffs of what --fix would change.

    Reading and prefiltering happen here; only the files that may hold a finding go to the
    worker processes to be parsed, one at a time, so a slow file does not hold up a batch.
    """
    started = time.perf_counter()
    codes = registry.select([r.code for r in registry.code_rules()], select or settings.select, (ignore or []) + settings.ignore)
    files = list(iter_files(paths, (".py", ".pyi"), settings.excludes))
    report = Report("check", files=len(files))
    if progress is not None:
        progress.total = len(files)
    diffs: list[str] = []
    candidates = []
    for path in files:
        try:
            with open(path, "rb") as handle:
                source = handle.read()
        except OSError as exc:
            report.errors.append(Finding(path, None, None, "APT998", f"cannot read: {exc.strerror}"))
            continue
        if candidate_rules(path, source, settings, codes):
            candidates.append((path, source, settings, codes, fix or diff))
        elif progress:
            progress.advance()
    jobs = jobs or os.cpu_count() or 1
    if jobs > 1 and len(candidates) >= PARALLEL_THRESHOLD:
        with ProcessPoolExecutor(max_workers=min(jobs, len(candidates))) as pool:
            results = pool.map(_check_candidate, candidates)
            for result in results:
                _collect(result, report, diffs, fix, diff)
                if progress:
                    progress.advance()
    else:
        for candidate in candidates:
            _collect(_check_candidate(candidate), report, diffs, fix, diff)
            if progress:
                progress.advance()
    report.elapsed = time.perf_counter() - started
    return report, diffs


def _collect(result: FileResult, report: Report, diffs: list[str], fix: bool, diff: bool) -> None:
    if result.error is not None:
        (report.errors if result.error.code == "APT998" else report.findings).append(result.error)
    report.findings.extend(result.findings)
    if result.new_source is None:
        return
    if diff:
        diffs.append(unified_diff(result.path, result.old_source, result.new_source))
        report.extra["would_fix"] = report.extra.get("would_fix", 0) + result.fixed
    elif fix:
        write_atomic(result.path, result.new_source)
        report.fixed += result.fixed


def unified_diff(path: str, old: bytes, new: bytes) -> str:
    a = old.decode("utf-8", "replace").splitlines(keepends=True)
    b = new.decode("utf-8", "replace").splitlines(keepends=True)
    return "".join(difflib.unified_diff(a, b, f"a/{path}", f"b/{path}"))
