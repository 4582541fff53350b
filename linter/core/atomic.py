"""Atomic file replacement: a reader (or a crash) sees either the old file or the new one.

A file is replaced only if it is still the one that was read (`state`): another writer that
appended to it or rewrote it meanwhile would otherwise lose its bytes to the replacement.
"""

from __future__ import annotations

import errno
import os


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
    # shutil and tempfile are imported here, not at start-up: most runs write nothing.
    import shutil
    import tempfile

    check_unchanged(path, read_state)
    if backup and os.path.exists(path):
        shutil.copy2(path, path + ".bak")
    path = write_target(path)
    directory = os.path.dirname(path)
    mode = os.stat(path).st_mode & 0o7777 if os.path.exists(path) else None
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".apptlint-tmp", dir=directory)
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
        directory = os.path.dirname(self.path)
        import tempfile

        fd, self.tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".apptlint-tmp", dir=directory)
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
