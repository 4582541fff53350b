"""Base classes for rules. A rule is one class in its own module under `rules/`.

Every rule has a stable `code`, a kebab-case `name`, a one-line `summary`, and a
class docstring in four parts (What it does / Why is this bad / Example / Fix safety)
that `apptlint rules CODE` prints. Code rules also carry `VALID`/`INVALID`
examples that the test-suite runs.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import ClassVar

import libcst as cst
from libcst.metadata import ParentNodeProvider, PositionProvider

DOC_SECTIONS = ("What it does", "Why is this bad", "Example", "Fix safety")


@dataclass(frozen=True)
class Invalid:
    """An INVALID example: `code` must be flagged; `fixed` is the expected fix, if any."""

    code: str
    fixed: str | None = None


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    fixable: ClassVar[bool] = False
    kind: ClassVar[str] = "code"  # "code" (Python source) or "payload" (stored JSON)

    @classmethod
    def docs(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")


@dataclass
class Report:
    node: cst.CSTNode
    message: str
    replacement: cst.CSTNode | None = None


class CodeRule(Rule, cst.BatchableCSTVisitor):
    """A libcst visitor. Files are only parsed when their text contains one of `tokens`."""

    METADATA_DEPENDENCIES = (PositionProvider, ParentNodeProvider)
    tokens: ClassVar[tuple[str, ...]] = ()
    VALID: ClassVar[list[str]] = []
    INVALID: ClassVar[list[Invalid]] = []

    def __init__(self, settings) -> None:
        super().__init__()
        self.settings = settings
        self.reports: list[Report] = []

    @classmethod
    def prefilter_tokens(cls, settings) -> tuple[str, ...]:
        """The substrings that make a file worth parsing for this rule (empty: always parse)."""
        return cls.tokens

    def report(self, node: cst.CSTNode, message: str, replacement: cst.CSTNode | None = None) -> None:
        self.reports.append(Report(node, message, replacement if self.fixable else None))

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return self.get_metadata(ParentNodeProvider, node, None)


class PayloadRule(Rule):
    """A check on one parsed payload, beyond what the JSON Schema says."""

    kind = "payload"
