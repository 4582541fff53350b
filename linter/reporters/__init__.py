"""Render a `RunReport` as text, JSON, SARIF 2.1.0 or GitHub workflow annotations."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Callable, TextIO

import click

from apptlint import __version__
from apptlint.core.findings import Finding, RunReport


def text_writer(out: TextIO) -> Callable[[Finding], None]:
    """Writes one finding as `path:line:col: CODE message`, in colour on a terminal."""
    from apptlint.core.progress import colour_wanted

    colour = colour_wanted(out)
    paint = (lambda text, **style: click.style(text, **style)) if colour else (lambda text, **style: text)

    def write(f: Finding) -> None:
        where = f.path
        if f.line is not None:
            where += f":{f.line}:{f.column or 1}"
        where = paint(where, bold=True)
        code = paint(f.code, fg="red", bold=True)
        mark = paint(" [*]", fg="cyan") if f.fixable else ""
        extra = ""
        if f.pointer is not None:
            extra = f" (at {f.pointer or '/'}" + (f", schema {f.schema_version}" if f.schema_version else "") + ")"
        out.write(f"{where}: {code}{mark} {f.message}{extra}\n")

    return write


def summary_line(report: RunReport) -> str:
    s = report.summary()
    parts = [f"{s['files']} file{'s' if s['files'] != 1 else ''}"]
    if "payloads" in s:
        parts.append(f"{s['payloads']:,} payloads")
    if s["by_code"]:
        parts.append(
            f"{s['findings']} finding{'s' if s['findings'] != 1 else ''} ("
            + ", ".join(f"{c} {n}" for c, n in s["by_code"].items())
            + ")"
        )
    else:
        parts.append("no findings")
    if s["fixed"]:
        parts.append(f"{s['fixed']} fixed")
    fixable = sum(1 for f in report.findings if f.fixable)
    if fixable and report.command == "check":
        parts.append(f"{fixable} fixable with --fix")
    if s.get("unsafe_fixes_hidden"):
        parts.append(f"{s['unsafe_fixes_hidden']} fixable with --fix --unsafe-fixes")
    if s.get("unrecognised_skipped"):
        parts.append(f"{s['unrecognised_skipped']} file(s) with no payload of this API skipped (--strict reports them)")
    if s.get("special_files_skipped"):
        parts.append(f"{s['special_files_skipped']} special file(s) (FIFO, socket, device) skipped")
    parts.append(f"{s['elapsed_seconds']:.2f}s")
    return "apptlint " + report.command + ": " + ", ".join(parts)


def render_json(report: RunReport, out: TextIO, verbose: bool = False) -> None:
    doc = {
        "version": __version__,
        "findings": [f.to_json() for f in report.all_findings()],
        "summary": report.summary(),
    }
    import json  # not at start-up: most runs print text

    json.dump(doc, out, indent=2)
    out.write("\n")


def _relative_uri(path: str) -> str:
    if path in ("-", "<stdin>") or "#" in path and not os.path.exists(path):
        return path
    p = Path(path)
    try:
        p = p.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        pass
    return p.as_posix()


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_writer(out: TextIO) -> Callable[[Finding], None]:
    def write(f: Finding) -> None:
        props = [f"file={_escape_property(_relative_uri(f.path))}"]
        if f.line is not None:
            props.append(f"line={f.line}")
            props.append(f"col={f.column or 1}")
        if f.end_line is not None:
            props.append(f"endLine={f.end_line}")
        props.append(f"title={_escape_property(f.code)}")
        message = f.message + (f" (at {f.pointer})" if f.pointer else "")
        out.write(f"::error {','.join(props)}::{_escape_data(message)}\n")

    return write


LINE_WRITERS = {"text": text_writer, "github": github_writer}


def line_writer(fmt: str, out: TextIO) -> Callable[[Finding], None] | None:
    """For line formats (text, github), a writer of one finding; None for whole-document formats (json, sarif)."""
    make = LINE_WRITERS.get(fmt)
    return make(out) if make else None


def _render_lines(fmt: str) -> Callable[[RunReport, TextIO, bool], None]:
    def render_lines(report: RunReport, out: TextIO, verbose: bool = False) -> None:
        write = LINE_WRITERS[fmt](out)
        for f in report.all_findings():
            write(f)

    return render_lines


render_text, render_github = _render_lines("text"), _render_lines("github")


def render_sarif(report: RunReport, out: TextIO, verbose: bool = False) -> None:
    from apptlint.reporters.sarif import render_sarif as render  # loaded for the runs that ask for it

    render(report, out, verbose)


def render_gitlab(report: RunReport, out: TextIO, verbose: bool = False) -> None:
    from apptlint.reporters.gitlab import render_gitlab as render

    render(report, out, verbose)


RENDERERS: dict[str, Callable[[RunReport, TextIO, bool], None]] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "github": render_github,
    "gitlab": render_gitlab,
}
FORMATS = tuple(RENDERERS)


def render(report: RunReport, fmt: str, out: TextIO, verbose: bool = False) -> None:
    RENDERERS[fmt](report, out, verbose)


def render_statistics(report: RunReport, fmt: str, out: TextIO) -> None:
    """A count per rule (ruff's --statistics): `json` as a list of objects, every other format as text."""
    from apptlint.core.registry import all_rules

    rules = all_rules()
    fixable = Counter(f.code for f in report.all_findings() if f.fixable)
    rows = [
        {"code": code, "name": rules[code].name if code in rules else code, "count": n, "fixable": fixable[code]}
        for code, n in sorted(report.by_code().items(), key=lambda item: (-item[1], item[0]))
    ]
    if fmt == "json":
        import json

        json.dump(rows, out, indent=2)
        out.write("\n")
        return
    for row in rows:
        mark = "[*]" if row["fixable"] else "   "
        out.write(f"{row['count']:>7}  {row['code']}  {mark} {row['name']}\n")


__all__ = ["FORMATS", "Finding", "render", "summary_line"]
