"""Where payloads come from: one interface for files, JSON Lines, stdin and database rows.

A `Source` yields `Item`s, each one payload's bytes and where they sit, and takes back
replacements; `validate` and `migrate` never care whether a payload came from a file or a row.
A source that writes keeps its own promise of atomicity (a file: temp file, fsync, rename; a
table: one transaction per batch).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from apptlint.sources import SourceError  # noqa: F401 - part of this module's interface


@dataclass(frozen=True)
class Location:
    path: str  # a file path, "-" for stdin, or "table#key" for a row
    line: int | None  # 1-based line where the payload starts; None for a row
    multiline: bool = False  # a whole document that may span lines (a .json file, stdin)
    unterminated: bool = False  # the last line of a JSON Lines file, without its newline


@dataclass(frozen=True)
class BodyLimits:
    """How far a compressed recorded body is inflated (config `max-body-bytes`, `max-compression-ratio`)."""

    max_bytes: int = 64 * 1024 * 1024
    max_ratio: float = 200.0
    ratio_from: int = 1024 * 1024  # below this many bytes any ratio is fine (a small body of blanks)

    @classmethod
    def of(cls, settings) -> BodyLimits:
        return cls(int(settings.max_body_bytes), float(settings.max_compression_ratio))


@dataclass
class Item:
    location: Location
    data: bytes | None  # None with a `note`: no payload where one was expected
    note: str | None = None  # e.g. "empty file: no payload", "NULL payload"
    handle: Any = None  # what the source needs to write this item back (a row's key and storage)
    context: str | None = None  # where in its file the payload sits, when the line does not say ("interaction 3")
    # With a `note`: which parse problem it is ("invalid-json", "duplicate-key"), as the payload rules name them.
    note_kind: str = "invalid-json"


class Source:
    """One file, stdin, or one table. `items()` may be consumed once."""

    name: str  # what per-file-ignores match, and what findings are sorted by
    writes_in_place = False
    file_backed = False  # a file on disk (written through a temp file beside it), not stdin or a table
    # A document in which nothing of this API is recognised is skipped, not reported (a file met in a walk).
    skip_unrecognised = False
    # Applied to every text a diff shows (removed, added and context lines), e.g. to hide personal data.
    redact: Callable[[bytes], bytes] | None = None  # replacements are applied by the source as items are consumed
    # With `redact`: the personal values of a JSON text, for a diff that shows them outside the payloads too.
    personal_values: Callable[[str], set[str]] | None = None

    def items(self) -> Iterator[Item]:
        raise NotImplementedError

    def replace(self, item: Item, new: bytes) -> None:
        """Take `new` as the item's bytes, applied by `commit` (or by the source, batch by batch)."""
        raise NotImplementedError

    def stale(self) -> list[str]:
        """Where a replacement was not applied because the stored value changed after it was read."""
        return []

    def diff(self, item: Item, new: bytes) -> str:
        """The change as a diff now, or "" when the source gives one patch for all of them in `patch()`."""
        raise NotImplementedError

    def shown(self, data: bytes) -> bytes:
        return data if self.redact is None else self.redact(data)

    def patch(self) -> str:
        """After the items were consumed: the patch of every change `diff` was told of, if kept until then."""
        return ""

    def commit(self) -> int:
        """Apply the replacements; returns how many payloads were written."""
        return 0

    def close(self) -> None:
        """Drop what was not committed."""
