"""The payload-rule API: what a payload rule receives, and the hooks an engine calls.

A payload rule is one class in its own module under `rules/` (code APT2xx or APT3xx), and
reports through three hooks; each yields `Issue`s, which the engine turns into findings
under the rule's own code:

- `problem`: a parse rule declares which `ProblemKind` of the strict parser it reports
  (APT205-APT207); the parser finds them, the rule owns the code.
- `check_target(target)`: every recognised (or unrecognised) value of a parsed payload, with its
  schema name, snapshot version, pointer, value and the verdict of the schema (`validate`).
- `check_migration(migration)`: what `migrate` planned and did for one payload.

Adding a payload rule is adding a module: the registry finds it, and `select`, `ignore` and
`per-file-ignores` apply to it as to every other rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from apptlint.core.rule import Issue, Rule
from apptlint.payload.jsonparse import ProblemKind

if TYPE_CHECKING:
    from apptlint.payload.migration import Plan
    from apptlint.payload.validation import SchemaValidator

__all__ = ["Issue", "Migration", "PayloadRule", "ProblemKind", "Target"]


@dataclass
class Target:
    """One value of a payload, as the schema sees it."""

    schema: str | None  # None: a value of a kind apptlint does not know
    version: str
    pointer: str  # where the value sits in the payload ("" = the whole payload)
    value: Any
    valid: bool
    # The older snapshot version this value is valid under, when it fails `version` only for lacking
    # what `apptlint migrate` adds; None otherwise.
    migratable_from: str | None = None
    # With `migratable_from`: why `apptlint migrate` would still not upgrade it (a refetch is needed...).
    migration_obstacle: str | None = None
    show_values: bool = False
    max_errors: int = 10
    validator: SchemaValidator | None = field(default=None, repr=False)

    @cached_property
    def errors(self) -> list:
        """The schema's failures (jsonschema ValidationErrors), explained on first use only."""
        return self.validator.errors(self.value) if self.validator is not None and not self.valid else []


@dataclass
class Migration:
    """One payload as `migrate` saw it."""

    plan: Plan
    version: str
    write: bool
    upgraded: bool  # new bytes were produced (and, with write, are being written)
    invalid_after: bool = False  # the upgraded payload would still fail `version`


class PayloadRule(Rule):
    """A check on stored payloads; override the hooks it needs (each defaults to nothing)."""

    kind = "payload"
    problem: ClassVar[ProblemKind | None] = None

    def check_target(self, target: Target) -> Iterable[Issue]:
        return ()

    def check_migration(self, migration: Migration) -> Iterable[Issue]:
        return ()
