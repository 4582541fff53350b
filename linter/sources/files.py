"""Payload files: one JSON document per `.json` file, one per line of JSON Lines, or stdin."""

from __future__ import annotations

import io
import os
import sys
from typing import BinaryIO

from apptlint.core.atomic import (
    ChangedSinceRead,
    check_unchanged,
    fsync_directory,
    state,
    temp_beside,
    write_atomic,
    write_target,
)
from apptlint.core.diffs import LineChange, lines_patch, unified_diff
from apptlint.core.files import open_regular
from apptlint.sources.base import Item, Location, Source

JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
RECORDING_SUFFIXES = (".yaml", ".yml", ".har")  # VCR.py cassettes and HAR files (sources/recorded.py)
# Lines of a few KB each: a 1 MB buffer reads them several times faster than the default 8 KB one.
LINE_BUFFER = 1024 * 1024
EMPTY_FILE = "empty file: no payload"


class JsonFile(Source):
    """A whole file holding one JSON document; a replacement is written atomically on commit."""

    file_backed = True

    def __init__(self, path: str, backup: bool = False) -> None:
        self.name = path
        self.backup = backup
        self.new: bytes | None = None
        self.read_state: tuple | None = None

    def items(self):
        with open_regular(self.name) as handle:
            data = handle.read()
            self.read_state = state(handle.fileno())
        yield Item(Location(self.name, 1, multiline=True), data)

    def replace(self, item: Item, new: bytes) -> None:
        self.new = new

    def diff(self, item: Item, new: bytes) -> str:
        return unified_diff(self.name, self.shown(item.data or b""), self.shown(new))

    def commit(self) -> int:
        if self.new is None:
            return 0
        write_atomic(self.name, self.new, backup=self.backup, read_state=self.read_state)
        return 1


class JsonLinesFile(Source):
    """One payload per line, streamed. Writing copies every line (replaced or not) into a temp file that
    replaces the original on commit, so memory stays flat and a crash leaves the old file whole.

    `start`/`end` read one byte range of the file (it must begin and end on line boundaries), for
    validate's worker processes; its line numbers then count from the range's first line.
    """

    writes_in_place = True
    file_backed = True

    def __init__(
        self, path: str, write: bool = False, backup: bool = False, start: int = 0, end: int | None = None
    ) -> None:
        self.name = path
        self.write, self.backup = write, backup
        self.start, self.end = start, end
        self.lines = 0
        self.changed = 0
        self._pending: bytes | None = None
        self._changes: list[LineChange] = []
        self._previous: bytes | None = None
        self._out: BinaryIO | None = None
        self._tmp: str | None = None
        # The file as it was once read to its end: replaced only if still so (lines appended meanwhile are kept).
        self.read_state: tuple | None = None
        self.read_whole = True  # False: it grew while being read, so the copy lacks its last lines

    def open_output(self) -> None:
        """The temp file beside the target that every line goes to; it replaces the file on commit."""
        fd, self._tmp = temp_beside(write_target(self.name))
        self._out = os.fdopen(fd, "wb", buffering=LINE_BUFFER)

    def write_range(self, data: bytes, changed: int) -> None:
        """A byte range's lines, replaced or not, as a worker process upgraded them (migrate over both cores)."""
        assert self._out is not None
        self._out.write(data)
        self.changed += changed

    def items(self):
        if self.write and self._out is None:
            self.open_output()
        with open_regular(self.name, LINE_BUFFER) as handle:
            if self.start == 0 and self.end is None and os.fstat(handle.fileno()).st_size == 0:
                yield Item(Location(self.name, 1), None, note=EMPTY_FILE)
                return
            handle.seek(self.start)
            yield from self._lines(handle)
            if self.end is None:
                self.read_state = state(handle.fileno())
                self.read_whole = handle.tell() == self.read_state[2]

    def _lines(self, handle):
        limit = None if self.end is None else self.end - self.start
        consumed = number = 0
        previous = None
        for raw in handle:
            number += 1
            consumed += len(raw)
            if self._changes and self._changes[-1].number == number - 1:
                self._changes[-1].after = raw
            self._previous = previous
            if not raw.isspace():  # blank lines are allowed between payloads
                ending = raw[len(raw.rstrip(b"\r\n")) :]
                self._pending = None
                yield Item(
                    Location(self.name, number, unterminated=not raw.endswith(b"\n")),
                    raw[: len(raw) - len(ending)],
                    handle=ending,
                )
                if self._pending is not None:
                    raw = self._pending
            if self._out is not None:
                self._out.write(raw)
            previous = raw
            if limit is not None and consumed >= limit:
                break
        self.lines = number

    def replace(self, item: Item, new: bytes) -> None:
        self._pending = new + item.handle  # written when the next item is asked for, keeping the line's ending
        self.changed += 1

    def diff(self, item: Item, new: bytes) -> str:
        # Kept for patch(): a hunk needs the line below as context, which has not been read yet.
        number = item.location.line or 0
        old = (item.data or b"") + item.handle
        self._changes.append(LineChange(number, old, new + item.handle, self._previous))
        return ""

    def patch(self) -> str:
        if self.redact is not None:
            for change in self._changes:
                change.old, change.new = self.shown(change.old), self.shown(change.new)
                change.before = None if change.before is None else self.shown(change.before)
                change.after = None if change.after is None else self.shown(change.after)
        return lines_patch(self.name, self._changes)

    def commit(self) -> int:
        if self._out is None:
            return 0
        self._out.flush()
        os.fsync(self._out.fileno())
        self._out.close()
        self._out = None
        if not self.changed:
            return 0
        target = write_target(self.name)
        assert self._tmp is not None  # opened with _out
        if not self.read_whole or self.read_state is None:  # grew while read, or was not read to its end
            raise ChangedSinceRead(self.name)
        check_unchanged(target, self.read_state)
        os.chmod(self._tmp, os.stat(target).st_mode & 0o7777)
        if self.backup:
            import shutil

            shutil.copy2(self.name, self.name + ".bak")
        check_unchanged(target, self.read_state)
        os.replace(self._tmp, target)
        self._tmp = None
        fsync_directory(os.path.dirname(target))
        return self.changed

    def close(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None
        if self._tmp is not None and os.path.exists(self._tmp):
            os.unlink(self._tmp)
        self._tmp = None


class Stdin(Source):
    """Stdin holds one JSON document, or JSON Lines when it does not parse as one. Read only."""

    name = "-"

    def __init__(self, stream=None, is_document=None) -> None:
        self.stream = stream
        self.is_document = is_document  # bytes -> bool: does the whole input parse as one document?

    def items(self):
        data = (self.stream or sys.stdin.buffer).read()
        if data.count(b"\n") <= 1 or self.is_document is None or self.is_document(data):
            yield Item(Location("-", 1, multiline=True), data)
            return
        lines = JsonLinesFile("-")
        yield from lines._lines(io.BytesIO(data))


def chunks(path: str, size: int, chunk_bytes: int):
    """Byte ranges of `path` that end on line boundaries."""
    with open(path, "rb") as handle:
        start = 0
        while start < size:
            handle.seek(min(start + chunk_bytes, size))
            handle.readline()
            end = min(handle.tell(), size) if start + chunk_bytes < size else size
            yield start, end
            start = end


def file_source(
    path: str, write: bool = False, backup: bool = False, stdin=None, is_document=None, limits=None
) -> Source:
    """The source of one path; `limits` (a BodyLimits) bounds how far a recording's compressed bodies inflate."""
    if path == "-":
        return Stdin(stdin, is_document)
    if path.endswith(RECORDING_SUFFIXES):
        from apptlint.sources.recorded import HarFile, VcrCassette

        return HarFile(path, backup, limits) if path.endswith(".har") else VcrCassette(path, backup, limits)
    if path.endswith(JSON_LINES_SUFFIXES):
        return JsonLinesFile(path, write, backup)
    return JsonFile(path, backup)
