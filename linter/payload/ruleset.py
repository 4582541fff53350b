"""The payload rules in force for one file (or table): selected, instantiated once, hooks looked up once."""

from __future__ import annotations

from functools import lru_cache

from apptlint.core import registry
from apptlint.core.config import Settings
from apptlint.core.findings import Finding
from apptlint.core.rule import Issue
from apptlint.core.selection import codes_for_path, selected
from apptlint.payload.rule import PayloadRule


class PayloadRuleSet:
    def __init__(self, codes: tuple[str, ...]) -> None:
        known = registry.payload_rules()
        self.codes = frozenset(codes)
        rules = [known[c]() for c in codes]
        overrides = lambda hook: [
            (r.code, getattr(r, hook)) for r in rules if getattr(type(r), hook) is not getattr(PayloadRule, hook)
        ]
        self.target_checks = overrides("check_target")
        self.migration_checks = overrides("check_migration")

    def reports(self, code: str) -> bool:
        return code in self.codes


@lru_cache(maxsize=64)
def ruleset(codes: tuple[str, ...]) -> PayloadRuleSet:
    return PayloadRuleSet(codes)


def default_ruleset() -> PayloadRuleSet:
    return ruleset(tuple(registry.payload_rules()))


class Selection:
    """The payload rules a run selected, narrowed per path by `per-file-ignores`."""

    def __init__(self, settings: Settings, select: list[str] | None = None, ignore: list[str] | None = None) -> None:
        self.settings = settings
        self.codes = selected(list(registry.payload_rules()), settings, select, ignore)

    def for_path(self, path: str) -> PayloadRuleSet:
        return ruleset(tuple(codes_for_path(path, self.settings, self.codes)))


def finding(issue: Issue, code: str, path: str, line: int | None, version: str | None = None) -> Finding:
    return Finding(
        path,
        line,
        issue.column,
        code,
        issue.message,
        fixable=issue.fixable,
        pointer=issue.pointer,
        schema_version=version,
    )
