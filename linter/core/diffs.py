"""Unified diffs of what a fix or a migration would write, one helper for every command."""

from __future__ import annotations

import difflib


def unified_diff(path: str, old: bytes, new: bytes, *, first_line: int | None = None) -> str:
    """A unified diff of `old` -> `new` with `a/PATH` and `b/PATH` headers.

    `first_line` numbers the hunk for a piece cut from a longer file (one JSON Lines line).
    """
    a = old.decode("utf-8", "replace").splitlines(keepends=True)
    b = new.decode("utf-8", "replace").splitlines(keepends=True)
    if first_line is not None:
        return (
            f"--- a/{path}\n+++ b/{path}\n@@ -{first_line} +{first_line} @@\n"
            + "".join("-" + line.rstrip("\r\n") + "\n" for line in a)
            + "".join("+" + line.rstrip("\r\n") + "\n" for line in b)
        )
    lines = list(difflib.unified_diff(a, b, f"a/{path}", f"b/{path}"))
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
