"""Walk the paths given on the command line, honouring excludes and skipping virtualenvs."""

from __future__ import annotations

import fnmatch
import os
from pathlib import PurePath


def is_excluded(path: str, patterns: list[str]) -> bool:
    parts = PurePath(path).parts
    posix = PurePath(path).as_posix()
    for pattern in patterns:
        if "/" in pattern.rstrip("/"):
            if fnmatch.fnmatch(posix, pattern) or fnmatch.fnmatch(posix, f"*/{pattern}") or \
                    fnmatch.fnmatch(posix, pattern.rstrip("/") + "/*"):
                return True
        elif any(fnmatch.fnmatch(part, pattern.rstrip("/")) for part in parts):
            return True
    return False


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
