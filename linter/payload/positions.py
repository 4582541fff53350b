"""Line and column of JSON values by JSON pointer, for all of a document's findings in one pass.

A full source map of a large document costs seconds and gigabytes; the findings need only a
few positions. So the text is walked along the wanted pointers alone: members and items off
those paths are skipped by the standard library's C scanner (`json.scanner`), which finds where
a value ends at C speed, and newlines are counted once, between the sorted positions.
"""

from __future__ import annotations

import json
import re
from json import decoder, scanner
from typing import Any, Callable

BLANKS = re.compile(r"[ \t\n\r]*")
# The standard library's own C scanners (typeshed does not describe them): a JSON string's end and value, and
# any JSON value's end and value, from an offset in a text.
scanstring: Callable[[str, int], tuple[str, int]] = decoder.scanstring  # type: ignore[attr-defined]
scan_value: Callable[[str, int], tuple[Any, int]] = scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]


def pointer_tokens(pointer: str) -> list[str]:
    """The unescaped reference tokens of a JSON pointer (RFC 6901)."""
    if "~" not in pointer:  # the usual case, and on migrate's path for every member it adds
        return pointer.split("/")[1:]
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def escape_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


class _Walk:
    def __init__(self, text: str, pointers) -> None:
        self.text = text
        self.wanted = set(pointers)
        # Every pointer on the way to a wanted one: only these containers are entered.
        self.paths = {""}
        for pointer in self.wanted:
            tokens = pointer_tokens(pointer)
            for depth in range(1, len(tokens)):
                self.paths.add("/" + "/".join(escape_token(t) for t in tokens[:depth]))
        self.offsets: dict[str, int] = {}

    def blank(self, at: int) -> int:
        return BLANKS.match(self.text, at).end()  # type: ignore[union-attr]  # the pattern matches empty

    def value(self, at: int, pointer: str) -> int:
        """Record where the value at `at` starts; return where it ends."""
        at = self.blank(at)
        if pointer in self.wanted or pointer in self.paths:
            self.offsets[pointer] = at
        if pointer not in self.paths:
            return scan_value(self.text, at)[1]
        opener = self.text[at]
        if opener == "{":
            return self.members(at + 1, pointer)
        if opener == "[":
            return self.items(at + 1, pointer)
        return scan_value(self.text, at)[1]

    def members(self, at: int, pointer: str) -> int:
        at = self.blank(at)
        if self.text[at] == "}":
            return at + 1
        while True:
            key, at = scanstring(self.text, self.blank(at) + 1)
            at = self.blank(at) + 1  # the colon
            at = self.blank(self.value(at, f"{pointer}/{escape_token(key)}"))
            if self.text[at] == "}":
                return at + 1
            at += 1  # the comma

    def items(self, at: int, pointer: str) -> int:
        at = self.blank(at)
        if self.text[at] == "]":
            return at + 1
        index = 0
        while True:
            at = self.blank(self.value(at, f"{pointer}/{index}"))
            if self.text[at] == "]":
                return at + 1
            at += 1
            index += 1


def offsets_of(text: str, pointers) -> dict[str, int]:
    """The character offset where each of `pointers` starts in `text` (those found; {} if the walk fails)."""
    walk = _Walk(text, pointers)
    try:
        walk.value(0, "")
    except (ValueError, IndexError, StopIteration, RecursionError):
        return {}
    return {p: walk.offsets[p] for p in walk.wanted if p in walk.offsets}


def locate_all(text: str, pointers) -> dict[str, tuple[int, int]]:
    """1-based (line, column) for each of `pointers` in `text`, or of its nearest located parent.

    Best effort: a text the walk cannot follow gives no positions, and the findings keep their line."""
    walk = _Walk(text, pointers)
    try:
        walk.value(0, "")
    except (ValueError, IndexError, StopIteration, RecursionError):
        return {}
    positions: dict[int, tuple[int, int]] = {}
    line, previous = 1, 0
    for offset in sorted(set(walk.offsets.values())):
        line += text.count("\n", previous, offset)
        positions[offset] = (line, offset - text.rfind("\n", 0, offset))
        previous = offset
    found = {}
    for pointer in walk.wanted:
        probe = pointer
        while probe not in walk.offsets and probe:
            probe = probe.rsplit("/", 1)[0]
        if probe in walk.offsets:
            found[pointer] = positions[walk.offsets[probe]]
    return found
