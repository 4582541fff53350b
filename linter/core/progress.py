"""A progress bar for long runs: on an interactive stderr only, and only once a run has taken a second."""

from __future__ import annotations

import os
import sys
import time
from typing import Any

import click

SHOW_AFTER_SECONDS = 1.0


def wanted(quiet: bool) -> bool:
    return not quiet and sys.stderr.isatty() and not os.environ.get("CI")


COLOUR = "auto"  # --color: "auto", "always" or "never"


def colour_wanted(stream) -> bool:
    if COLOUR != "auto":
        return COLOUR == "always"
    return hasattr(stream, "isatty") and stream.isatty() and not os.environ.get("NO_COLOR")


def tracked(items: list, progress: "Progress | None"):
    """Yield `items`, advancing `progress` (when there is one) by one for each."""
    if progress is not None:
        progress.total = len(items)
    for item in items:
        if progress is not None:
            progress.advance()
        yield item


class Progress:
    """Call `advance()` per item; draws nothing in pipes, CI, or runs shorter than a second."""

    def __init__(self, total: int, unit: str, enabled: bool):
        self.total, self.unit, self.enabled = total, unit, enabled
        self.done = 0
        self.started = time.monotonic()
        self.bar: Any = None

    def advance(self, count: int = 1) -> None:
        self.done += count
        if not self.enabled:
            return
        if self.bar is None:
            if time.monotonic() - self.started < SHOW_AFTER_SECONDS:
                return
            self.bar = click.progressbar(
                length=self.total,
                label=f"{self.unit}",
                file=sys.stderr,
                show_eta=True,
                show_percent=True,
                show_pos=True,
                item_show_func=lambda _: self._rate(),
            )
            self.bar.__enter__()
            self.bar.update(self.done - count)
        self.bar.update(count)

    def interleaved(self, write):
        """`write`, wrapped to clear the bar's line first, so findings printed mid-run do not land on the bar."""
        if write is None:
            return None

        def clear_then_write(item) -> None:
            if self.bar is not None:
                sys.stderr.write("\r\x1b[K")
            write(item)

        return clear_then_write

    def _rate(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        return f"{self.done / elapsed:,.0f} {self.unit}/s"

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
