"""Personal data out of the diffs `migrate --diff` prints (unless `--show-values`), decided by the schema.

A value is personal when it sits, at any depth and whatever its type, under
- a member the snapshots mark `x-apptlint-personal-data` (`email`, `first_name`, `fields`, `client_data`...),
- a free-form member (`type: object`, `additionalProperties: true`, no properties: `metadata`, `fields`),
- a member that holds an object describing a person (a component marked `x-apptlint-personal-data`:
  `client`) but is not one (a string, a list), or a member of such an object that its schema does not
  name (a `client.nickname` is as personal as its `first_name`).

The text keeps its layout, keys and line breaks, so a redacted diff still reads like the payload; every
personal scalar becomes "<redacted>" (null stays null: it tells nothing). A text that cannot be walked
as JSON (a malformed JSON Lines line shown as context) is not shown at all.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from apptlint.payload import snapshots
from apptlint.payload.positions import scan_value, scanstring

REDACTED = '"<redacted>"'
HIDDEN_LINE = "<not valid JSON: not shown without --show-values>"
BLANKS = re.compile(r"[ \t\n\r]*")
REDACT = "redact"  # a mode: every scalar below is personal


@dataclass(frozen=True)
class Policy:
    personal: frozenset[str]  # member names whose whole value is personal
    holders: dict[str, frozenset[str]]  # member holding a person -> the names that person's schema declares


@lru_cache(maxsize=None)
def policy() -> Policy:
    personal: set[str] = set()
    holders: dict[str, set[str]] = {}
    for version in snapshots.versions():
        schemas = snapshots.schemas(version)
        people = {name for name, body in schemas.items() if _is_personal(body)}
        for body in schemas.values():
            for member, spec in _properties(body).items():
                if _is_personal(spec) or _is_free_form(spec):
                    personal.add(member)
                for ref in _refs(spec):
                    if ref in people:
                        holders.setdefault(member, set()).update(_properties(schemas[ref]))
    return Policy(frozenset(personal), {member: frozenset(names) for member, names in holders.items()})


def _properties(body) -> dict:
    return body.get("properties", {}) if isinstance(body, dict) else {}


def _is_personal(spec) -> bool:
    return isinstance(spec, dict) and bool(spec.get("x-apptlint-personal-data"))


def _is_free_form(spec) -> bool:
    if not isinstance(spec, dict) or "properties" in spec or spec.get("additionalProperties") is not True:
        return False
    types = spec.get("type")
    return "object" in (types if isinstance(types, list) else [types])


def _refs(spec) -> list[str]:
    """The component schemas a property holds: by `$ref`, in `items`, or in an `anyOf`/`oneOf` branch."""
    if not isinstance(spec, dict):
        return []
    found = [spec["$ref"].rsplit("/", 1)[-1]] if isinstance(spec.get("$ref"), str) else []
    found += _refs(spec.get("items"))
    for branch in spec.get("anyOf", []) + spec.get("oneOf", []):
        found += _refs(branch)
    return found


class _Walk:
    """One pass over a JSON text, noting the span of every personal scalar."""

    def __init__(self, text: str, rules: Policy) -> None:
        self.text, self.rules = text, rules
        self.spans: list[tuple[int, int]] = []

    def blank(self, at: int) -> int:
        return BLANKS.match(self.text, at).end()  # type: ignore[union-attr]  # the pattern matches empty

    def value(self, at: int, mode) -> int:
        """`mode`: None (not personal), REDACT, or the names a holder's object may have (the rest are personal)."""
        at = self.blank(at)
        opener = self.text[at]
        if opener == "{":
            return self.members(at + 1, mode)
        if opener == "[":
            return self.items(at + 1, None if mode is None else REDACT)
        end = scan_value(self.text, at)[1]
        if mode is not None and self.text[at:end] != "null":
            self.spans.append((at, end))
        return end

    def child(self, key: str, mode):
        if mode is REDACT or (isinstance(mode, frozenset) and key not in mode) or key in self.rules.personal:
            return REDACT
        return self.rules.holders.get(key)

    def members(self, at: int, mode) -> int:
        at = self.blank(at)
        if self.text[at] == "}":
            return at + 1
        while True:
            if self.text[at] != '"':
                raise ValueError("a key was expected")
            key, at = scanstring(self.text, at + 1)
            at = self.blank(at)
            if self.text[at] != ":":
                raise ValueError("a colon was expected")
            at = self.blank(self.value(at + 1, self.child(key, mode)))
            if self.text[at] == "}":
                return at + 1
            if self.text[at] != ",":
                raise ValueError("a comma was expected")
            at = self.blank(at + 1)

    def items(self, at: int, mode) -> int:
        at = self.blank(at)
        if self.text[at] == "]":
            return at + 1
        while True:
            at = self.blank(self.value(at, mode))
            if self.text[at] == "]":
                return at + 1
            if self.text[at] != ",":
                raise ValueError("a comma was expected")
            at += 1


def redact_text(text: str) -> str | None:
    """`text` (one JSON value, blanks and a BOM around it allowed) with every personal scalar redacted;
    None when it is not one JSON value."""
    start = 1 if text.startswith("\ufeff") else 0
    walk = _Walk(text, policy())
    try:
        end = walk.blank(walk.value(start, None))
    except (ValueError, IndexError, StopIteration, RecursionError):
        return None
    if end != len(text):
        return None
    out, cursor = [], 0
    for begin, finish in walk.spans:
        out += [text[cursor:begin], REDACTED]
        cursor = finish
    out.append(text[cursor:])
    return "".join(out)


def redact_personal_data(data: bytes) -> bytes:
    """`data` as a diff may show it: redacted, or each line replaced by a note when it is not one JSON value."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    redacted = redact_text(text) if text is not None else None
    if redacted is None:
        ending = data[len(data.rstrip(b"\r\n")) :]
        lines = data.rstrip(b"\r\n").split(b"\n")
        redacted = "\n".join(HIDDEN_LINE for _ in lines) + ending.decode("ascii")
    return redacted.encode("utf-8")


# A personal value shorter than this is not searched for in a diff's other text: "en" or "1" is everywhere.
MIN_SCRUBBED = 3


def personal_values(text: str) -> set[str]:
    """The personal scalars of a JSON text, as a diff of a file holding it may spell them: as they are,
    as JSON escapes them, and as JSON escapes that again (JSON text inside a JSON string, as in a HAR)."""
    walk = _Walk(text, policy())
    try:
        walk.value(1 if text.startswith("\ufeff") else 0, None)
    except (ValueError, IndexError, StopIteration, RecursionError):
        return set()
    found = set()
    for begin, end in walk.spans:
        token = text[begin:end]
        if not token.startswith('"'):
            if token not in ("true", "false"):  # a number; a boolean tells no one apart and is everywhere
                found.add(token)
            continue
        inner = token[1:-1]
        found |= {inner, json.dumps(inner)[1:-1]}
        try:
            found.add(json.loads(token))
        except ValueError:
            pass
    return {value for value in found if len(value) >= MIN_SCRUBBED}
