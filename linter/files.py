"""Walk the paths given on the command line, honouring excludes and skipping virtualenvs."""

from __future__ import annotations

import fnmatch
import os
import re
from functools import lru_cache
from pathlib import PurePath


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]):
    """One regex for the bare-name patterns (matched against each path part), one for the path patterns."""
    names = [fnmatch.translate(p.rstrip("/")) for p in patterns if "/" not in p.rstrip("/")]
    paths = []
    for p in patterns:
        p = p.rstrip("/")
        if "/" in p:
            paths += [fnmatch.translate(p), fnmatch.translate(f"*/{p}"), fnmatch.translate(p + "/*")]
    as_regex = lambda items: re.compile("|".join(f"(?:{i})" for i in items)) if items else None
    return as_regex(names), as_regex(paths)


def is_excluded(path: str, patterns) -> bool:
    names, paths = _compiled(tuple(patterns))
    pure = PurePath(path)
    if names is not None and any(names.match(part) for part in pure.parts):
        return True
    return paths is not None and paths.match(pure.as_posix()) is not None


def iter_files(paths, suffixes: tuple[str, ...], excludes: list[str], globs: list[str] | None = None):
    """Yield files under `paths` whose name ends with one of `suffixes` (or matches `globs`).

    A file named explicitly is yielded whatever its suffix (pre-commit passes exactly the files to check),
    but excludes still apply so a configured exclude also holds in pre-commit.
    Missing paths are yielded too, so the caller reports them.
    """
    def wanted(name):
        if globs:
            return any(fnmatch.fnmatch(name, g) for g in globs)
        return name.endswith(suffixes)

    for path in paths:
        if path == "-":
            yield path
            continue
        if not os.path.isdir(path):
            if not is_excluded(path, excludes):
                yield path
            continue
        for root, dirs, names in os.walk(path):
            # Match excludes below the root given, so a parent folder named like an exclude doesn't hide everything.
            rel_root = os.path.relpath(root, path)
            rel = (lambda n: n) if rel_root == "." else (lambda n: os.path.join(rel_root, n))
            dirs[:] = sorted(d for d in dirs if not is_excluded(rel(d), excludes)
                             and not os.path.exists(os.path.join(root, d, "pyvenv.cfg")))
            for name in sorted(names):
                if wanted(name) and not is_excluded(rel(name), excludes):
                    yield os.path.normpath(os.path.join(root, name))


def payload_files(paths, settings) -> list[str]:
    """The payload files `validate` and `migrate` work on: the configured `payload-globs`, minus the excludes."""
    return list(iter_files(paths, (), settings.excludes, globs=settings.payload_globs))
