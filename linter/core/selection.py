"""Which rules run where: `select`/`ignore` (config and flags) and `per-file-ignores`, the same for every command."""

from __future__ import annotations

import fnmatch
import os
from functools import lru_cache

from apptlint.core import registry
from apptlint.core.config import Settings, relative_to_root


def selected(
    codes: list[str], settings: Settings, select: list[str] | None = None, ignore: list[str] | None = None
) -> list[str]:
    """`codes` filtered by the command line's --select (else the config's) and both ignores."""
    return registry.select(codes, select or settings.select, (ignore or []) + settings.ignore)


def codes_for_path(path: str, settings: Settings, codes: list[str]) -> list[str]:
    """`codes` less those `per-file-ignores` turns off for `path` (matched relative to the config's folder)."""
    if not settings.per_file_ignores:
        return codes
    return list(
        _for_path(
            relative_to_root(path, settings),
            os.path.basename(path),
            tuple((g, tuple(cs)) for g, cs in settings.per_file_ignores.items()),
            tuple(codes),
        )
    )


@lru_cache(maxsize=256)
def _for_path(rel: str, base: str, table: tuple, codes: tuple) -> tuple[str, ...]:
    ignored = [c for glob, cs in table if fnmatch.fnmatch(rel, glob) or fnmatch.fnmatch(base, glob) for c in cs]
    return tuple(registry.select(list(codes), None, ignored)) if ignored else codes
