"""Finds every rule in `apptlint.rules`: drop a module there and it is registered."""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import lru_cache

import apptlint.rules
from apptlint.core.rule import CodeRule, PayloadRule, Rule

CODE = re.compile(r"^APT\d{3}$")
NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


# A rule's series says what it checks, so a command loads only the rules it runs: the code rules
# (APT0xx, APT1xx) need libcst, whose import alone costs `validate` a third of a second.
PAYLOAD_SERIES = ("apt2", "apt3")


@lru_cache(maxsize=None)
def all_rules() -> dict[str, type[Rule]]:
    return _load(None)


@lru_cache(maxsize=None)
def payload_rules() -> dict[str, type[PayloadRule]]:
    return {code: rule for code, rule in _load(PAYLOAD_SERIES).items() if issubclass(rule, PayloadRule)}


def _load(prefixes: tuple[str, ...] | None) -> dict[str, type[Rule]]:
    found: dict[str, type[Rule]] = {}
    for info in pkgutil.iter_modules(apptlint.rules.__path__):
        if prefixes is not None and not info.name.startswith(prefixes):
            continue
        module = importlib.import_module(f"apptlint.rules.{info.name}")
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, Rule) and value.__module__ == module.__name__
                    and value not in (Rule, CodeRule, PayloadRule)):
                if not CODE.match(value.code) or not NAME.match(value.name):
                    raise ValueError(f"{value.__name__}: bad code {value.code!r} or name {value.name!r}")
                if value.code in found:
                    raise ValueError(f"rule code {value.code} is used twice")
                if not info.name.startswith(value.code.lower() + "_"):
                    raise ValueError(f"{value.code} must live in a module named {value.code.lower()}_<name>.py")
                found[value.code] = value
    return dict(sorted(found.items()))


def code_rules() -> list[type[CodeRule]]:
    return [r for r in all_rules().values() if issubclass(r, CodeRule)]


def lookup(code_or_name: str) -> type[Rule] | None:
    for rule in all_rules().values():
        if code_or_name.upper() == rule.code or code_or_name == rule.name:
            return rule
    return None


def select(codes: list[str], select: list[str] | None, ignore: list[str] | None) -> list[str]:
    """Filter `codes` by prefixes, ruff-style: `APT1` selects every APT1xx rule."""
    def matches(code, prefixes):
        return any(code.startswith(p.upper()) for p in prefixes)

    chosen = [c for c in codes if not select or matches(c, select)]
    return [c for c in chosen if not ignore or not matches(c, ignore)]
