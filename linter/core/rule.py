"""What every rule is: a stable code, a kebab-case name, a summary and four-part docs.

A rule is one class in its own module under `rules/`. Code rules build on
`apptlint.code.rule.CodeRule`, payload rules on `apptlint.payload.rule.PayloadRule`; the
two input rules here report what no rule could look at (an unreadable path, a file that
does not parse). `apptlint rules CODE` prints a rule's docs.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import ClassVar

DOC_SECTIONS = ("What it does", "Why is this bad", "Example", "Fix safety")

# What an input rule reports; engines ask the registry for the rule of an event, never for a code.
UNREADABLE, UNPARSABLE = "unreadable", "unparsable"


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    fixable: ClassVar[bool] = False
    kind: ClassVar[str] = "code"  # "code" (Python source), "payload" (stored JSON) or "input"
    # How CI should treat a finding (SARIF levels): "error" breaks something, "warning" is debt to pay
    # (deprecated reads, fixed hosts), "note" is for information (what migrate can do or did).
    level: ClassVar[str] = "warning"
    # Where its findings sit in the order `apptlint status` gives for finishing the migration (lower first),
    # and what that step says; None: not migration work.
    finish_order: ClassVar[int | None] = None
    finish_step: ClassVar[str] = ""

    @classmethod
    def docs(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def section(cls, title: str) -> str:
        """The text of one docs section ("What it does", ...), without its heading."""
        for part in cls.docs().split("## ")[1:]:
            heading, _, body = part.partition("\n")
            if heading.strip() == title:
                return body.strip()
        return ""


class InputRule(Rule):
    """Reports input that could not be looked at. Always on: `select` and `ignore` do not hide it."""

    kind = "input"
    event: ClassVar[str]  # UNREADABLE or UNPARSABLE


@dataclass(frozen=True)
class Issue:
    """What a payload rule (or an input rule) yields; the engine adds the path, line and the rule's code."""

    message: str
    pointer: str | None = None  # JSON pointer into the payload, absolute
    column: int | None = None
    line_offset: int = 0  # in a multi-line document: 0-based line within it
    fixable: bool = False
