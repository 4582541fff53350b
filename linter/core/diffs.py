"""Unified diffs of what a fix or a migration would write, one helper for every command.

The output is a patch `git apply` and `patch -p1` accept: `a/` and `b/` headers with a relative path,
every line ending kept as it is, and `\\ No newline at end of file` after a last line without one.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

NO_NEWLINE = "\\ No newline at end of file\n"


def patch_path(path: str) -> str:
    """The path as a patch names it: relative to the working directory, never with a leading slash."""
    if os.path.isabs(path):
        relative = os.path.relpath(path)
        path = relative if not relative.startswith("..") else path.lstrip("/")
    return path.replace(os.sep, "/")


def _marked(line: str) -> str:
    return line if line.endswith("\n") else line + "\n" + NO_NEWLINE


def _lines(data: bytes) -> list[str]:
    """Lines split at b"\\n" only, as patch tools count them (str.splitlines also splits at \\r, \\f, U+2028...)."""
    parts = data.decode("utf-8", "replace").split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def unified_diff(path: str, old: bytes, new: bytes) -> str:
    """A unified diff of `old` -> `new` with `a/PATH` and `b/PATH` headers."""
    name = patch_path(path)
    a, b = _lines(old), _lines(new)
    import difflib  # only a --diff run needs it

    return "".join(_marked(line) for line in difflib.unified_diff(a, b, f"a/{name}", f"b/{name}"))


@dataclass
class LineChange:
    """One line of a file replaced by another; raw bytes with their line endings (b"" ending: the last line)."""

    number: int
    old: bytes
    new: bytes
    before: bytes | None = None  # the line above, for context
    after: bytes | None = None  # the line below


def lines_patch(path: str, changes: list[LineChange]) -> str:
    """A patch of single-line replacements with one line of context each side (git apply wants context),
    changes two or fewer lines apart sharing a hunk so that no context line is claimed twice."""
    if not changes:
        return ""
    name = patch_path(path)
    out = [f"--- a/{name}\n+++ b/{name}\n"]
    groups: list[list[LineChange]] = []
    for change in changes:
        if groups and change.number - groups[-1][-1].number <= 2:
            groups[-1].append(change)
        else:
            groups.append([change])
    text = lambda raw: raw.decode("utf-8", "replace")  # noqa: E731
    for group in groups:
        body = []
        first = group[0]
        if first.before is not None:
            body.append(_marked(" " + text(first.before)))
        for index, change in enumerate(group):
            body += [_marked("-" + text(change.old)), _marked("+" + text(change.new))]
            following = group[index + 1] if index + 1 < len(group) else None
            if change.after is not None and (following is None or following.number - change.number == 2):
                body.append(_marked(" " + text(change.after)))
        start = first.number - (first.before is not None)
        count = sum(1 for line in body if line[0] in " -")
        out.append(f"@@ -{start},{count} +{start},{count} @@\n")
        out += body
    return "".join(out)


def masked(diff: str, values) -> str:
    """`diff` with each of `values` replaced on every line but the file headers (personal data a redaction of
    the file's structure cannot see, such as a request body beside a response)."""
    if not values:
        return diff
    pattern = re.compile("|".join(re.escape(v) for v in sorted(values, key=len, reverse=True)))
    lines = diff.splitlines(keepends=True)
    return "".join(
        line if line.startswith(("--- ", "+++ ", "@@ ")) else pattern.sub("<redacted>", line) for line in lines
    )
