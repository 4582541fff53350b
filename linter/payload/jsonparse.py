"""Parse one JSON document strictly, reporting what Python's json would silently accept.

The fast path is orjson. Anything it cannot vouch for (an error, a number long enough to
exceed 64 bits, or a hint of a duplicate key) is re-parsed by the standard library with
hooks that report NaN/Infinity, integers beyond 64 bits and duplicate keys exactly.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from math import inf as INFINITY

try:
    import orjson
except ImportError:  # pragma: no cover - orjson is a dependency, but keep working without it
    orjson = None  # type: ignore[assignment]

BOM = b"\xef\xbb\xbf"
BLANKS = b" \t\r\n"
# 2**63 has 19 digits, so shorter digit runs always fit in 64 bits. Mapping every digit to "0" and looking
# for nineteen of them in a row is far faster than a regex over the whole payload.
DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
NINETEEN_DIGITS = b"0" * 19
# A JSON number follows `:`, `[` or `,` (and maybe blanks and a minus); long digit runs inside strings (ids,
# hashes) mostly do not, and the few that do only cost a trip through the exact parser.
LONG_NUMBER = re.compile(rb"[:,\[][ \t\r\n]*-?0{19}")
INT64 = (-(2**63), 2**64 - 1)
# A JSON string token; in a text that parsed, every `:` outside one separates a key from its value.
STRING_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
# A `\uD800`-`\uDFFF` escape: half of a UTF-16 surrogate pair, which orjson refuses when it stands alone.
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
# Python refuses to turn longer digit strings into int (CVE-2020-10735); such a number is reported, not read.
MAX_INT_DIGITS = 4300


class ProblemKind(Enum):
    """What the strict parser can find; each kind is reported by the payload rule that declares it."""

    INVALID_JSON = "invalid-json"
    DUPLICATE_KEY = "duplicate-key"
    NON_PORTABLE_NUMBER = "non-portable-number"


@dataclass
class Problem:
    kind: ProblemKind
    message: str
    column: int | None = None
    line_offset: int = 0  # for multi-line documents: 0-based line within the document
    # The value was not read as written (an integer too long for Python), so no upgrade may be written from it.
    blocks_upgrade: bool = False

    @property
    def code(self) -> str:
        """The code of the rule that reports this kind of problem."""
        return problem_rules()[self.kind].code


@lru_cache(maxsize=None)
def problem_rules() -> dict:
    """ProblemKind -> the payload rule that declares it (`problem = ...`)."""
    from apptlint.core.registry import payload_rules

    return {kind: r for r in payload_rules().values() if (kind := getattr(r, "problem", None)) is not None}


@dataclass
class Parsed:
    value: object = None
    ok: bool = False  # a value was produced
    problems: list[Problem] = field(default_factory=list)


def _may_hold_big_integer(data: bytes) -> bool:
    zeroed = data.translate(DIGITS_TO_ZERO)
    return NINETEEN_DIGITS in zeroed and LONG_NUMBER.search(zeroed) is not None


def _members(value: object) -> int:
    """How many object members `value` holds, at every depth."""
    count, stack = 0, [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            count += len(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return count


def _no_member_dropped(data: bytes, value: object) -> bool:
    """orjson keeps the last of duplicate keys, so a duplicate shows as fewer members parsed than written.
    Written members are the `:` outside string tokens, however the text is spaced or escaped."""
    return STRING_TOKEN.sub(b"", data).count(b":") == _members(value)


def parse(data: bytes) -> Parsed:
    """Strict parse: orjson when its result can be proven to hold every member and number as written,
    else the exact standard-library parse with hooks."""
    if data.startswith(BOM):
        parsed = parse(data[len(BOM) :])
        parsed.problems.insert(
            0,
            Problem(
                ProblemKind.INVALID_JSON,
                "starts with a UTF-8 byte order mark (BOM), which JSON forbids; the content after it was checked",
                1,
            ),
        )
        return parsed
    if orjson is not None:
        try:
            value = orjson.loads(data)
        except orjson.JSONDecodeError:
            pass
        else:
            # Compact JSON (what APIs send and orjson or JSON.stringify write) re-serialises byte for byte,
            # which proves there was no duplicate key, no big integer turned float and nothing else dropped.
            try:
                dumped = orjson.dumps(value)
            except TypeError:  # nested deeper than orjson writes (~255 levels): the exact parser reports it
                dumped = None
            if dumped is not None:
                if data.startswith(dumped) and data[len(dumped) :] in (b"", b"\n", b"\r\n"):
                    return Parsed(value, True)
                # Spaced JSON (Python's json.dumps): equal once blanks are dropped from both is the same proof,
                # since the two texts then have the same members and the same number literals.
                if dumped.translate(None, BLANKS) == data.translate(None, BLANKS):
                    return Parsed(value, True)
                if not _may_hold_big_integer(data) and _no_member_dropped(data, value):
                    return Parsed(value, True)
    return _parse_exact(data)


def _parse_exact(data: bytes) -> Parsed:
    result = Parsed()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        result.problems.append(
            Problem(
                ProblemKind.INVALID_JSON,
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
                exc.start + 1,
            )
        )
        return result
    if not text.strip():
        result.problems.append(Problem(ProblemKind.INVALID_JSON, "empty: no JSON value"))
        return result

    def pairs_hook(pairs):
        seen = set()
        for key, _ in pairs:
            if key in seen:
                result.problems.append(
                    Problem(ProblemKind.DUPLICATE_KEY, f"duplicate key {key!r}: Python keeps only the last value")
                )
            seen.add(key)
        return dict(pairs)

    def constant_hook(name):
        result.problems.append(
            Problem(ProblemKind.NON_PORTABLE_NUMBER, f"{name} is not valid JSON (RFC 8259 has no NaN or Infinity)")
        )
        return float(name.replace("Infinity", "inf"))

    def float_hook(literal):
        number = float(literal)
        if number in (INFINITY, -INFINITY):
            result.problems.append(
                Problem(
                    ProblemKind.NON_PORTABLE_NUMBER,
                    f"{_abridged(literal)} is beyond the range of a 64-bit float; most JSON readers turn it into infinity",
                )
            )
        return number

    def int_hook(digits):
        length = len(digits.lstrip("-"))
        # Checked on the text first: int() of a very long digit string is refused (and quadratic).
        number = int(digits) if length <= MAX_INT_DIGITS else float(digits)
        if length > MAX_INT_DIGITS or not INT64[0] <= number <= INT64[1]:
            result.problems.append(
                Problem(
                    ProblemKind.NON_PORTABLE_NUMBER,
                    f"integer with {length:,} digits exceeds 64 bits; many JSON readers lose its precision",
                    blocks_upgrade=length > MAX_INT_DIGITS,
                )
            )
        return number

    try:
        result.value = json.loads(
            text, object_pairs_hook=pairs_hook, parse_constant=constant_hook, parse_int=int_hook, parse_float=float_hook
        )
        result.ok = True
        if SURROGATE_ESCAPE.search(text) and (lone := _lone_surrogate(result.value)) is not None:
            # Not Unicode: no schema engine can take the string, and readers reject or replace it as they please.
            result.value, result.ok = None, False
            result.problems.append(
                Problem(
                    ProblemKind.INVALID_JSON,
                    f"a string holds a lone UTF-16 surrogate (\\u{ord(lone):04x}), which is not Unicode (RFC 8259 8.2)",
                )
            )
    except json.JSONDecodeError as exc:
        truncated = exc.pos >= len(text.rstrip())
        what = "truncated JSON (ends before the value is complete)" if truncated else f"invalid JSON: {exc.msg}"
        result.problems.append(Problem(ProblemKind.INVALID_JSON, what, exc.colno, exc.lineno - 1))
    except RecursionError:
        result.problems.append(Problem(ProblemKind.INVALID_JSON, "nested too deeply to check (over ~1000 levels)"))
    return result


# json_source_map, which finds where `migrate` splices a member in, recurses once per level of nesting, and Python's
# stack holds about 1,000 calls: a deeper document is left as it is (real payloads nest fewer than 20 levels).
MAX_EDIT_DEPTH = 200
TOO_DEEP_TO_EDIT = f"it nests deeper than {MAX_EDIT_DEPTH} levels, too deep to edit in place"


def too_deep_to_edit(value) -> bool:
    """Whether `value` nests deeper than MAX_EDIT_DEPTH; one walk with its own stack, stopping there."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_EDIT_DEPTH:
            return True
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def _lone_surrogate(value) -> str | None:
    """The first lone surrogate in `value`'s strings and keys (json reads a valid pair as one character)."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            try:
                node.encode("utf-8")
            except UnicodeEncodeError as exc:
                return node[exc.start]
        elif isinstance(node, dict):
            stack.extend(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return None


def upgrade_blocker(parsed: Parsed) -> str | None:
    """Why `migrate` leaves a payload that parsed alone: which value is meant, or what it holds, is unclear."""
    for problem in parsed.problems:
        if problem.kind is ProblemKind.DUPLICATE_KEY:
            return f"it has a duplicate key ({problem.code}), so which value is meant is unclear"
        if problem.blocks_upgrade:
            return f"it holds an integer too long for Python to read exactly ({problem.code})"
    return None


def _abridged(literal: str) -> str:
    return literal if len(literal) <= 24 else f"{literal[:12]}...{literal[-8:]} ({len(literal):,} characters)"


def locate(text: str, pointer: str) -> tuple[int, int] | None:
    """1-based (line, column) of the value at `pointer` in `text`, or of its nearest located parent."""
    from json_source_map import calculate

    try:
        positions = calculate(text)
    except Exception:  # noqa: BLE001 - position lookup is best effort; the finding stands without it
        return None
    while True:
        entry = positions.get(pointer)
        if entry is not None:
            return entry.value_start.line + 1, entry.value_start.column + 1
        if not pointer:
            return None
        pointer = pointer.rsplit("/", 1)[0]
