"""Helpers shared by the host rules (APT101-APT103): what text a string expression builds.

A string-building expression is a literal (bytes too), an implicit concatenation `"a" "b"`,
an f-string, or a `+` chain with at least one such operand. Its *segments* are its pieces in
order: the literal text, or None for a piece only known at run time (an f-string field, a
name in a `+` chain). Joined, the run-time pieces become PLACEHOLDER.
"""

from __future__ import annotations

import libcst as cst

PLACEHOLDER = "\x00"


def simple_string_value(node: cst.SimpleString) -> str | bytes:
    """`node.evaluated_value`, skipping its `ast.literal_eval` for a literal without escapes (nearly all)."""
    code = node.value
    if "\\" not in code and "\r" not in code:
        prefix = node.prefix
        if prefix.lower() in ("", "r", "u", "b", "rb", "br"):
            body = code[len(prefix) :]
            quote = 3 if body[:3] in ('"""', "'''") else 1
            text = body[quote:-quote]
            return text.encode("ascii") if "b" in prefix.lower() else text
    return node.evaluated_value


def string_segments(node: cst.CSTNode) -> list[str | None] | None:
    """The segments `node` builds, or None when it builds no string."""
    if isinstance(node, cst.SimpleString):
        value = simple_string_value(node)
        return [value.decode("latin-1") if isinstance(value, bytes) else value]
    if isinstance(node, cst.ConcatenatedString):
        left, right = string_segments(node.left), string_segments(node.right)
        return None if left is None or right is None else left + right
    if isinstance(node, cst.FormattedString):
        return [part.value if isinstance(part, cst.FormattedStringText) else None for part in node.parts]
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        left, right = string_segments(node.left), string_segments(node.right)
        if left is None and right is None:
            return None
        return (left or [None]) + (right or [None])
    return None


def joined(segments: list[str | None]) -> str:
    return "".join(PLACEHOLDER if s is None else s for s in segments)


def literal_text(node: cst.CSTNode) -> str | None:
    """The value of a string expression made only of literals (`"a"`, `"a" "b"`, `"a" + "b"`)."""
    segments = string_segments(node)
    if segments is None or None in segments:
        return None
    return "".join(s for s in segments if s is not None)


def code_string(rule, node: cst.CSTNode) -> list[str | None] | None:
    """Segments of `node` when it is a whole string expression in code, else None.

    None for a piece of a larger concatenation (the outermost expression speaks for it, so a
    host is reported once), and for a string written as a statement on its own: docstrings
    and other bare strings are documentation, not code.
    """
    segments = string_segments(node)
    if segments is None:
        return None
    parent = rule.parent(node)
    if isinstance(parent, (cst.ConcatenatedString, cst.Expr)):
        return None
    if isinstance(parent, cst.BinaryOperation) and string_segments(parent) is not None:
        return None
    return segments
