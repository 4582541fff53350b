"""Deprecated `urls` paths spelled as data: path strings, lookup names and key sequences.

Much consumer code never subscripts `appt["urls"]["cancel"][0]` itself; it hands a path to a library:
a glom, pydash or dpath spec (`"urls.cancel.0"`, `"urls/reschedule/0"`), JMESPath or JSONPath
(`"urls.reschedule[0]"`, `"$.urls.join[0]"`), a Django JSONField lookup (`payload__urls__cancel__0`, in a
keyword or a string), a pandas column after `json_normalize` (`df["urls.cancel"]`), a `str.format` field
(`"{a[urls][ics][0]}"`), PostgreSQL's JSON operators and functions in SQL text
(`payload->'urls'->'cancel'->>0`, `#>> '{urls,ics,0}'`, `jsonb_extract_path_text(p, 'urls', 'ics', '0')`),
or a sequence of keys (`("urls", "cancel", 0)`, `get_in(["urls", "cancel", 0], appt)`). Each is a read of
the same deprecated list, and the key names are the evidence that it is this API's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class PathRead:
    start: int  # where `urls` starts in the text
    end: int  # where the path (with its index, if any) ends
    key: str
    index: int | None  # None: the whole list (or a wildcard over it)
    style: str  # "dotted", "lookup", "format", "sql"
    wildcard: bool = False

    def rewritten(self, text: str, flat: str) -> str | None:
        """`text` with this path spelling the flat field instead, where the rewrite is mechanical: a dotted path
        or a lookup that is the whole text, read at index 0 (the flat field is that element)."""
        if self.index != 0 or self.wildcard or self.style not in ("dotted", "lookup"):
            return None
        if any(c.isspace() for c in text):
            return None  # a path inside prose or SQL: no rewrite
        return text[: self.start] + flat + text[self.end :]


@lru_cache(maxsize=16)
def _patterns(keys: frozenset[str]):
    k = "|".join(re.escape(key) for key in sorted(keys, key=len, reverse=True))
    # `.0`, `/0`, `[0]`, or JMESPath's pipe `| [0]`
    index = r"(?:(?:\.|/)(?P<i1>-?\d+|\*)|\.?\[(?P<i2>-?\d+|\*)\]|\s*\|\s*\[(?P<i3>-?\d+)\])?"
    return [
        # glom/pydash/dpath/JMESPath/JSONPath/pandas columns: `urls` at the start or after `.`, `$.`, `/`.
        # (Snowflake's `payload:urls:confirm[0]` and Handlebars' `urls.join.[0]` too)
        ("dotted", re.compile(rf"(?:^|(?<=[.$/:\s(|,]))urls(?:\.|/|:)(?P<key>{k})(?![\w-])" + index + r"(?![\w])")),
        ("lookup", re.compile(rf"(?:^|(?<=__))urls__(?P<key>{k})(?:__(?P<i1>-?\d+))?(?=__|$)")),
        ("format", re.compile(rf"\[['\"]?urls['\"]?\]\[['\"]?(?P<key>{k})['\"]?\](?:\[(?P<i1>-?\d+|\*)\])?")),
        ("sql", re.compile(rf"->\s*'urls'\s*->>?\s*'(?P<key>{k})'(?:\s*->>?\s*'?(?P<i1>-?\d+)'?)?")),
        # `payload->'urls' ? 'ics'`: does the urls object have the list (the whole list asked for)
        ("sql", re.compile(rf"->\s*'urls'\s*\?\s*'(?P<key>{k})'")),
        ("sql", re.compile(rf"#>>?\s*'\{{\s*urls\s*,\s*(?P<key>{k})\s*(?:,\s*(?P<i1>-?\d+)\s*)?\}}'")),
        (
            "sql",
            re.compile(
                rf"jsonb?_extract_path(?:_text)?\s*\([^()]*?'urls'\s*,\s*'(?P<key>{k})'(?:\s*,\s*'?(?P<i1>-?\d+)'?)?"
            ),
        ),
    ]


def path_reads(text: str, keys: frozenset[str]) -> list[PathRead]:
    """Every deprecated list `text` spells a path to, in order."""
    if "urls" not in text:
        return []
    found: list[PathRead] = []
    taken: list[tuple[int, int]] = []
    for style, pattern in _patterns(keys):
        for match in pattern.finditer(text):
            if any(s <= match.start() < e for s, e in taken):
                continue
            groups = match.groupdict()
            raw = groups.get("i1") or groups.get("i2") or groups.get("i3")
            wildcard = raw == "*"
            index = None if raw is None or wildcard else int(raw)
            if style == "dotted" and raw is None and match.start() and not text[match.start() - 1] in ".$/":
                continue  # `urls.cancel` after a space is prose; a path in an expression has its index
            start = text.index("urls", match.start()) if style != "sql" else match.start()
            found.append(PathRead(start, match.end(), match.group("key"), index, style, wildcard))
            taken.append((match.start(), match.end()))
    return sorted(found, key=lambda p: p.start)


def key_sequence(values: list, keys: frozenset[str]) -> tuple[str, int | None] | None:
    """`("urls", "cancel", 0)`, `["urls", "cancel"]` or call arguments `(appt, "urls", "ics", 0)`: the key read
    and its index (None: the whole list), else None. `values` are the literal values, None for any other."""
    for i in range(len(values) - 1):
        if values[i] == "urls" and values[i + 1] in keys:
            rest = values[i + 2] if i + 2 < len(values) else None
            if isinstance(rest, str) and rest.lstrip("-").isdigit():
                rest = int(rest)
            return values[i + 1], rest if isinstance(rest, int) and not isinstance(rest, bool) else None
    return None
