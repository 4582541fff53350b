"""Atomic file replacement: a reader (or a crash) sees either the old file or the new one.

A file is replaced only if it is still the one that was read (`state`): another writer that
appended to it or rewrote it meanwhile would otherwise lose its bytes to the replacement.
"""

from __future__ import annotations

import errno
import os
import time

TEMP_SUFFIX = ".apptlint-tmp"
# A temp file without its writer's pid in its name (written before names carried one) is stale once it has
# not been written to for this long: a live writer touches its temp file continually.
UNOWNED_STALE_AFTER = 10 * 60


class ChangedSinceRead(OSError):
    """The file is not as it was when read (another writer appended to it or replaced it): not replaced."""

    def __init__(self, path: str) -> None:
        super().__init__(errno.EAGAIN, "changed since apptlint read it; left as it is now, rerun to upgrade it", path)


def state(fd_or_path) -> tuple[int, int, int, int]:
    """What tells a file's content changed without reading it: device, inode, size, modification time."""
    st = os.fstat(fd_or_path) if isinstance(fd_or_path, int) else os.stat(fd_or_path)
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def check_unchanged(path: str, read_state: tuple | None) -> None:
    """Raise ChangedSinceRead unless `path` (through any symlink) is still as it was read (None: not known)."""
    if read_state is not None and state(path) != read_state:
        raise ChangedSinceRead(path)


def write_target(path: str) -> str:
    """The file a write to `path` replaces: a symlink's target, so the link stays a link (as editors do)."""
    return os.path.realpath(path)


def write_atomic(path: str, data: bytes, backup: bool = False, read_state: tuple | None = None) -> None:
    """Replace `path` (through any symlink) with `data` via temp file + fsync + rename, keeping its permissions.

    A backup is a copy next to the name given, `path.bak`. With `read_state` (`state()` when it was read), a
    file that changed since is left alone: ChangedSinceRead, checked again just before the rename."""
    # shutil is imported here, not at start-up: most runs write nothing.
    import shutil

    check_unchanged(path, read_state)
    if backup and os.path.exists(path):
        shutil.copy2(path, path + ".bak")
    path = write_target(path)
    directory = os.path.dirname(path)
    mode = os.stat(path).st_mode & 0o7777 if os.path.exists(path) else None
    fd, tmp = temp_beside(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        check_unchanged(path, read_state)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    fsync_directory(directory)


def temp_beside(path: str) -> tuple[int, str]:
    """A new temp file (fd, path) beside `path`, `.NAME.PID.XXXXXXXX.apptlint-tmp`: the pid tells a later run
    whether its writer is gone (killed mid-write), so that run can remove it (sweep_stale_temp_files)."""
    import tempfile

    return tempfile.mkstemp(
        prefix=f".{os.path.basename(path)}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=os.path.dirname(path) or "."
    )


def sweep_stale_temp_files(directory: str, remove: bool = True) -> tuple[list[str], list[str]]:
    """Remove the temp files in `directory` that a killed apptlint left; returns (removed, left in place).

    Removing one never loses data: a temp file only ever holds a copy being made, and its original is whole.
    One whose writer is alive is in use and not listed; one this run cannot tell or remove (or, without
    `remove`, any stale one) is listed as left."""
    removed: list[str] = []
    left: list[str] = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed, left
    for entry in entries:
        if not (entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX)):
            continue
        owner = _owner(entry.name)
        if owner is not None and _alive(owner):
            continue
        try:
            recent = owner is None and time.time() - entry.stat(follow_symlinks=False).st_mtime < UNOWNED_STALE_AFTER
            if recent or not remove:
                left.append(entry.path)
                continue
            os.unlink(entry.path)
            removed.append(entry.path)
        except OSError:
            left.append(entry.path)
    return removed, left


def _owner(name: str) -> int | None:
    parts = name[: -len(TEMP_SUFFIX)].split(".")
    return int(parts[-2]) if len(parts) >= 4 and parts[-2].isdigit() else None


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    try:  # a killed writer nobody reaped yet is a zombie: gone all the same
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def fsync_directory(directory: str) -> None:
    # The rename is only durable once the directory entry is on disk.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class AtomicTextFile:
    """A text file that appears whole or not at all: written to a temp file, renamed into place on `commit`."""

    def __init__(self, path: str) -> None:
        self.path = write_target(path)
        fd, self.tmp = temp_beside(self.path)
        self.handle = os.fdopen(fd, "w", encoding="utf-8")

    def write(self, text: str) -> int:
        return self.handle.write(text)

    def flush(self) -> None:
        self.handle.flush()

    def commit(self) -> None:
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.chmod(self.tmp, 0o666 & ~_umask())
        os.replace(self.tmp, self.path)
        fsync_directory(os.path.dirname(self.path))

    def discard(self) -> None:
        if not self.handle.closed:
            self.handle.close()
        if os.path.exists(self.tmp):
            os.unlink(self.tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
