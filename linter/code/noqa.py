"""`check --add-noqa`: suppress today's report-only findings in place, so CI can start clean on a big codebase.

Each finding's line gets `# noqa: CODE` (merged into a `# noqa: ...` already there). A line whose end
lies inside a multi-line string or after a backslash continuation cannot take a comment; it is left
alone and counted. Only the edited lines change, and the result must still parse.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass, field

from apptlint.core.findings import Finding

NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.IGNORECASE)


@dataclass
class NoqaEdit:
    source: bytes
    added: int = 0  # codes added
    skipped: list[int] = field(default_factory=list)  # lines that cannot take a comment


def _lines_inside_tokens(text: str) -> set[int]:
    """Lines whose end falls inside a token spanning lines (a triple-quoted string, an f-string)."""
    inside: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.start[0] != token.end[0] and token.type != tokenize.NL:
            inside.update(range(token.start[0], token.end[0]))
    return inside


def add_noqa(source: bytes, findings: list[Finding]) -> NoqaEdit:
    try:
        text = source.decode("utf-8")
        inside = _lines_inside_tokens(text)
    except (UnicodeDecodeError, tokenize.TokenError, SyntaxError):
        return NoqaEdit(source, 0, sorted({f.line for f in findings if f.line}))
    lines = text.splitlines(keepends=True)
    wanted: dict[int, set[str]] = {}
    for f in findings:
        if f.line:
            wanted.setdefault(f.line, set()).add(f.code)
    edit = NoqaEdit(source)
    for number, codes in sorted(wanted.items()):
        line = lines[number - 1]
        body = line.rstrip("\r\n")
        ending = line[len(body) :]
        if number in inside or body.rstrip().endswith("\\"):
            edit.skipped.append(number)
            continue
        match = NOQA.search(body)
        if match and match.group("codes") is None:
            continue  # a bare noqa comment already silences everything
        if match:
            present = set(re.split(r"[\s,]+", match.group("codes").upper()))
            new = sorted(codes - present)
            if not new:
                continue
            body = body[: match.end("codes")] + ", " + ", ".join(new) + body[match.end("codes") :]
        else:
            new = sorted(codes)
            body = body.rstrip() + "  # noqa: " + ", ".join(new)
        lines[number - 1] = body + ending
        edit.added += len(new)
    if edit.added:
        new_text = "".join(lines)
        ast.parse(new_text)  # a comment at a line's end cannot break a parse; a bug here must not be written
        edit.source = new_text.encode("utf-8")
    return edit
