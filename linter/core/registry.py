"""Finds every rule in `apptlint.rules`: drop a module there and it is registered.

The rules package is found at run time, not imported at the top: rules build on the engines,
and the engines ask this registry for rules, so a static import would close a cycle.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import lru_cache

from apptlint.core.rule import InputRule, Rule

CODE = re.compile(r"^APT\d{3}$")
NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
RULES_PACKAGE = "apptlint.rules"

# A rule's series says what it checks, so a command loads only the rules it runs: the code rules
# (APT0xx, APT1xx) need libcst, whose import alone costs `validate` a third of a second.
PAYLOAD_SERIES = ("apt2", "apt3", "apt9")
CODE_SERIES = ("apt0", "apt1")
EXTRA_MODULES: list[str] = []  # dotted names of plug-in modules outside apptlint.rules (tests, local rules)


class SelectorError(ValueError):
    """A --select/--ignore selector that names no rule."""


@lru_cache(maxsize=None)
def all_rules() -> dict[str, type[Rule]]:
    return _load(None)


@lru_cache(maxsize=None)
def payload_rules() -> dict[str, type[Rule]]:
    return {code: rule for code, rule in _load(PAYLOAD_SERIES).items() if rule.kind == "payload"}


@lru_cache(maxsize=None)
def code_rule_table() -> dict[str, type[Rule]]:
    """The code rules by code, loaded without the payload rules (and their schema engine)."""
    return {code: rule for code, rule in _load(CODE_SERIES).items() if rule.kind == "code"}


def clear_cache() -> None:
    for cached in (all_rules, payload_rules, code_rule_table, input_rule):
        cached.cache_clear()


def _modules(prefixes):
    package = importlib.import_module(RULES_PACKAGE)
    for info in pkgutil.iter_modules(package.__path__):
        if prefixes is None or info.name.startswith(prefixes):
            yield info.name, importlib.import_module(f"{RULES_PACKAGE}.{info.name}")
    for dotted in EXTRA_MODULES:
        yield dotted.rsplit(".", 1)[-1], importlib.import_module(dotted)


def _load(prefixes: tuple[str, ...] | None) -> dict[str, type[Rule]]:
    found: dict[str, type[Rule]] = {}
    for module_name, module in _modules(prefixes):
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Rule)
                and value.__module__ == module.__name__
                and "code" in vars(value)
            ):
                if not CODE.match(value.code) or not NAME.match(value.name):
                    raise ValueError(f"{value.__name__}: bad code {value.code!r} or name {value.name!r}")
                if value.code in found:
                    raise ValueError(f"rule code {value.code} is used twice")
                if not module_name.startswith(value.code.lower() + "_"):
                    raise ValueError(f"{value.code} must live in a module named {value.code.lower()}_<name>.py")
                found[value.code] = value
    return dict(sorted(found.items()))


def code_rules() -> list[type[Rule]]:
    return list(code_rule_table().values())


@lru_cache(maxsize=None)
def input_rule(event: str) -> type[InputRule]:
    """The input rule reporting `event` (core.rule.UNREADABLE, UNPARSABLE)."""
    for rule in _load(("apt9",)).values():
        if issubclass(rule, InputRule) and rule.event == event:
            return rule
    raise LookupError(f"no input rule for {event!r}")


def lookup(code_or_name: str) -> type[Rule] | None:
    for rule in all_rules().values():
        if code_or_name.upper() == rule.code or code_or_name == rule.name:
            return rule
    return None


def check_selectors(selectors: list[str] | None, where: str) -> None:
    """An unknown selector is an error, never a silent "select nothing"."""
    known = all_rules()
    for selector in selectors or ():
        if selector.upper() != "ALL" and not any(c.startswith(selector.upper()) for c in known):
            raise SelectorError(f"{where} has unknown rule code {selector!r}")


def select(codes: list[str], select: list[str] | None, ignore: list[str] | None) -> list[str]:
    """Filter `codes` by prefixes, ruff-style: `APT1` selects every APT1xx rule, `ALL` every rule."""

    def matches(code, prefixes):
        return any(p.upper() == "ALL" or code.startswith(p.upper()) for p in prefixes)

    chosen = [c for c in codes if not select or matches(c, select)]
    return [c for c in chosen if not ignore or not matches(c, ignore)]
