"""`apptlint migrate`: upgrade payload files in place, atomically, keeping every untouched byte."""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
import time
from dataclasses import dataclass

from apptlint.core.atomic import _fsync_directory, write_atomic
from apptlint.core.config import Settings
from apptlint.core.files import payload_files
from apptlint.core.progress import tracked
from apptlint.core.findings import Finding, Report
from apptlint.payload.jsonparse import BOM, parse
from apptlint.payload.migration import apply, is_valid_after, plan
from apptlint.payload.validate import JSON_LINES_SUFFIXES, LINE_BUFFER

UPGRADE, REFETCH, DERIVED, NOT_MIGRATABLE = "APT204", "APT301", "APT302", "APT303"


@dataclass(frozen=True)
class MigrateOptions:
    version: str
    write: bool = False
    derive_missing: bool = False
    backup: bool = False
    diff: bool = False


def migrate_document(data: bytes, path: str, line: int, options: MigrateOptions, findings: list[Finding]) -> bytes | None:
    """The upgraded bytes of one payload, or None when it is left as it is (reasons go to `findings`)."""
    bom = BOM if data.startswith(BOM) else b""
    parsed = parse(data)
    # A BOM or a non-portable number does not stop an upgrade: the edit keeps their bytes as they are.
    # Duplicate keys do, since which value is meant is unclear; so does anything that does not parse.
    blocking = [p for p in parsed.problems if p.code == "APT206" or (p.code == "APT205" and not (bom and p.column == 1))]
    if not parsed.ok or blocking:
        for problem in parsed.problems:
            findings.append(Finding(path, line, problem.column, problem.code, problem.message + "; left unchanged"))
        return None
    todo = plan(parsed.value, options.version, options.derive_missing)
    if todo.refetch:
        for reason in dict.fromkeys(todo.refetch):
            findings.append(Finding(path, line, None, REFETCH, reason, schema_version=options.version))
        return None
    if not todo.additions:
        return None
    body = data[len(bom):]
    new_body, upgraded = apply(body, parsed.value, todo.additions)
    if upgraded is None:  # spliced into the text: read back what was written
        reparsed = parse(new_body)
        upgraded = reparsed.value if reparsed.ok else None
    if upgraded is None or not is_valid_after(upgraded, options.version):
        findings.append(Finding(path, line, None, NOT_MIGRATABLE,
                                f"would still be invalid under {options.version} after adding the flat fields; "
                                "left unchanged (run `apptlint validate` for details)", schema_version=options.version))
        return None
    if options.write:
        # Done is done: keeping a finding per upgraded payload would make memory grow with the log.
        return bom + new_body
    for pointer, message in todo.derived:
        findings.append(Finding(path, line, None, DERIVED, message, pointer=pointer, schema_version=options.version))
    verb = "would upgrade"
    fields = sorted({a.key for a in todo.additions})
    findings.append(Finding(path, line, None, UPGRADE, f"{verb} to {options.version}: added {', '.join(fields)}",
                            fixable=True, schema_version=options.version))
    return bom + new_body


def migrate_json_file(path: str, options: MigrateOptions, report: Report, diffs: list[str]) -> None:
    with open(path, "rb") as handle:
        data = handle.read()
    new = migrate_document(data, path, 1, options, report.findings)
    report.payloads = (report.payloads or 0) + 1
    if new is None:
        return
    report.extra["payloads_changed"] = report.extra.get("payloads_changed", 0) + 1
    if options.diff:
        diffs.append(_diff(path, data, new))
    if options.write:
        write_atomic(path, new, backup=options.backup)
        report.fixed += 1


def migrate_json_lines(path: str, options: MigrateOptions, report: Report, diffs: list[str]) -> None:
    """Stream line by line: unchanged lines are copied byte for byte into a temp file that replaces the original."""
    directory = os.path.dirname(os.path.abspath(path))
    out = None
    tmp = None
    changed = 0
    if options.write:
        fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".apptlint-tmp", dir=directory)
        out = os.fdopen(fd, "wb", buffering=LINE_BUFFER)
    try:
        with open(path, "rb", buffering=LINE_BUFFER) as handle:
            for number, raw in enumerate(handle, 1):
                new = None
                if raw.strip():
                    report.payloads = (report.payloads or 0) + 1
                    ending = raw[len(raw.rstrip(b"\r\n")):]
                    new = migrate_document(raw[: len(raw) - len(ending)], path, number, options, report.findings)
                    if new is not None:
                        changed += 1
                        new += ending
                        if options.diff:
                            diffs.append(f"--- a/{path}\n+++ b/{path}\n@@ -{number} +{number} @@\n"
                                         f"-{raw.decode('utf-8', 'replace').rstrip()}\n+{new.decode('utf-8').rstrip()}\n")
                if out is not None:
                    out.write(raw if new is None else new)
        if out is not None:
            out.flush()
            os.fsync(out.fileno())
            out.close()
            out = None
            if changed:
                os.chmod(tmp, os.stat(path).st_mode & 0o7777)
                if options.backup:
                    shutil.copy2(path, path + ".bak")
                os.replace(tmp, path)
                tmp = None
                _fsync_directory(directory)
                report.fixed += changed
    finally:
        if out is not None:
            out.close()
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
    if changed:
        report.extra["payloads_changed"] = report.extra.get("payloads_changed", 0) + changed


def _diff(path: str, old: bytes, new: bytes) -> str:
    a = old.decode("utf-8", "replace").splitlines(keepends=True)
    b = new.decode("utf-8", "replace").splitlines(keepends=True)
    return "".join(difflib.unified_diff(a, b, f"a/{path}", f"b/{path}"))


def migrate_paths(paths, settings: Settings, options: MigrateOptions, progress=None) -> tuple[Report, list[str]]:
    started = time.perf_counter()
    files = payload_files(paths, settings)
    report = Report("migrate", files=len(files), payloads=0)
    diffs: list[str] = []
    for path in tracked(files, progress):
        try:
            if os.path.getsize(path) == 0:
                report.findings.append(Finding(path, 1, None, "APT205", "empty file: no payload; left unchanged"))
            elif path.endswith(JSON_LINES_SUFFIXES):
                migrate_json_lines(path, options, report, diffs)
            else:
                migrate_json_file(path, options, report, diffs)
        except OSError as exc:
            report.errors.append(Finding(path, None, None, "APT998", f"cannot read or write: {exc.strerror or exc}"))
    report.elapsed = time.perf_counter() - started
    return report, diffs
