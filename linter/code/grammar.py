"""What a fixed file must satisfy to parse on the oldest Python the consumer runs (`target-python`).

The one piece of grammar a fix can break is the f-string: before Python 3.12 (PEP 701) a replacement field
may not hold the f-string's own quote, a backslash or a comment, so `f"{appt['urls'][K][0]}"` must not become
`f"{appt["cancel_url"]}"`. The fixes pick a legal quote (`key_quote`), and the engine proves the written file
has no such problem that the original did not have (`grammar_problems`).
"""

from __future__ import annotations

import re

import libcst as cst

PEP_701 = (3, 12)
_QUOTES = ('"""', "'''", '"', "'")
# A cheap screen: a file with no f-string prefix has nothing here to check.
_F_PREFIX = re.compile(rb"(?i)(?<![\w])(?:f|rf|fr)['\"]")


def _quote_of(node: cst.FormattedString) -> str:
    start = node.start.lstrip("fFrRbBuU")
    return next(q for q in _QUOTES if start.startswith(q))


def enclosing_quotes(parents: dict, node: cst.CSTNode) -> set[str]:
    """The quotes of the f-strings `node` sits inside (a replacement there may not use them before 3.12)."""
    found = set()
    parent = parents.get(node)
    while parent is not None:
        if isinstance(parent, cst.FormattedString):
            found.add(_quote_of(parent)[0])
        parent = parents.get(parent)
    return found


def key_quote(parents: dict, node: cst.CSTNode, target: tuple[int, int]) -> str | None:
    """A quote a new string literal at `node` may use under `target`'s grammar, or None when none may."""
    taken = enclosing_quotes(parents, node)
    free = next((q for q in ('"', "'") if q not in taken), None)
    return '"' if free is None and target >= PEP_701 else free


def grammar_problems(module: cst.Module, target: tuple[int, int]) -> list[str]:
    """Each f-string replacement field that Python `target` cannot parse, described."""
    if target >= PEP_701 or not _F_PREFIX.search(module.code.encode("utf-8", "surrogatepass")):
        return []
    problems: list[str] = []

    class Visitor(cst.CSTVisitor):
        def visit_FormattedString(self, node: cst.FormattedString) -> None:
            quote = _quote_of(node)
            for part in node.parts:
                if isinstance(part, cst.FormattedStringExpression):
                    text = module.code_for_node(part.expression)
                    spec = "".join(module.code_for_node(p) for p in part.format_spec or ())
                    for what, bad in (("its own quote", quote), ("a backslash", "\\")):
                        if bad in text or bad in spec:
                            problems.append(f"an f-string field holds {what}: {{{text}}}")

    module.visit(Visitor())
    return problems


def describe(target: tuple[int, int]) -> str:
    return f"Python {target[0]}.{target[1]}"
