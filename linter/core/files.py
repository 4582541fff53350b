"""Walk the paths given on the command line, honouring excludes and skipping virtualenvs."""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import stat
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


class NotRegularFile(OSError):
    """A FIFO, socket or device where a file was expected: reading it could block or never end."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a directory"
    kinds = {stat.S_ISFIFO: "a FIFO", stat.S_ISSOCK: "a socket", stat.S_ISCHR: "a character device"}
    kind = next((name for test, name in kinds.items() if test(mode)), "a special file")
    return f"not a regular file ({kind}); not read"


def open_regular(path: str, buffering: int = -1):
    """Open `path` for reading in binary mode, refusing anything but a regular file.

    O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer, and the type is
    checked on the open descriptor, so a file swapped for a FIFO after a check cannot slip through.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(errno.EISDIR if stat.S_ISDIR(mode) else errno.EINVAL, _kind(mode), path)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb", buffering)
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str) -> bytes:
    with open_regular(path) as handle:
        return handle.read()


def iter_files(
    paths,
    suffixes: tuple[str, ...],
    excludes: list[str],
    globs: list[str] | None = None,
    skipped: list | None = None,
    unreadable: list | None = None,
):
    """Yield files under `paths` whose name ends with one of `suffixes` (or matches `globs`).

    A file named explicitly is yielded whatever its suffix (pre-commit passes exactly the files to check),
    but excludes still apply so a configured exclude also holds in pre-commit.
    Missing paths are yielded too, so the caller reports them. In a walk, FIFOs, sockets and devices
    are left out (appended to `skipped` when given); named explicitly, they are yielded to be reported.
    A folder that cannot be listed (no permission) is appended to `unreadable` as (folder, reason), so the
    caller can say that nothing under it was checked.
    """

    def wanted(name):
        if globs:
            return any(fnmatch.fnmatch(name, g) for g in globs)
        return name.endswith(suffixes)

    names_re, paths_re = _compiled(tuple(excludes))
    for path in paths:
        if path == "-":
            yield path
            continue
        if not os.path.isdir(path):
            if not is_excluded(path, excludes):
                yield path
            continue
        # Excludes are matched below the root given, so a parent folder named like an exclude doesn't hide everything.
        yield from _walk(os.path.normpath(path), "", wanted, names_re, paths_re, skipped, unreadable)


def _is_special(entry) -> bool:
    """Not a regular file, a folder or a broken link (which is yielded, so the caller reports it)."""
    try:
        return not stat.S_ISREG(entry.stat().st_mode)
    except OSError:
        return False


def _walk(folder: str, rel: str, wanted, names_re, paths_re, skipped, unreadable=None):
    """Files first, then subfolders, each sorted; symlinked folders are not followed (as os.walk does)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        if unreadable is not None:
            unreadable.append((folder, exc.strerror or str(exc)))
        return
    subfolders = []
    for entry in entries:
        name = entry.name
        rel_name = rel + name
        if (names_re is not None and names_re.match(name)) or (paths_re is not None and paths_re.match(rel_name)):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            continue
        if is_dir:
            if not entry.is_symlink() and not os.path.exists(os.path.join(entry.path, "pyvenv.cfg")):
                subfolders.append(entry)
        elif wanted(name):
            # is_file() answers from the directory entry for plain files, so only the rest cost a stat.
            if not entry.is_file() and _is_special(entry):
                if skipped is not None:
                    skipped.append(entry.path)
                continue
            yield entry.path if folder != "." else name
    for entry in subfolders:
        yield from _walk(
            entry.path if folder != "." else entry.name,
            rel + entry.name + "/",
            wanted,
            names_re,
            paths_re,
            skipped,
            unreadable,
        )


def payload_files(paths, settings, skipped: list | None = None, unreadable: list | None = None) -> list[str]:
    """The payload files `validate` and `migrate` work on: the configured `payload-globs`, and the recorded
    HTTP fixtures `cassette-globs` match (a path pattern), minus the excludes."""
    names = [*settings.payload_globs, *(g.rsplit("/", 1)[-1] for g in settings.cassette_globs)]
    found = iter_files(paths, (), settings.excludes, globs=names, skipped=skipped, unreadable=unreadable)
    named = {os.path.normpath(p) for p in paths}
    return [
        f
        for f in found
        if os.path.normpath(f) in named
        or any(fnmatch.fnmatch(PurePath(f).name, g) for g in settings.payload_globs)
        or matches_path(f, settings.cassette_globs)
    ]


def matches_path(path: str, globs) -> bool:
    """`path` matches one of `globs`, where `*` crosses folders and a glob also matches below any folder."""
    posix = PurePath(path).as_posix()
    return any(fnmatch.fnmatch(posix, g) or fnmatch.fnmatch(posix, "*/" + g) for g in globs)
