"""Worker processes that die with the process that started them.

A forked pool worker holds its own copy of the task pipe's write end, so when the parent is killed
(SIGKILL, the OOM killer, a CI timeout) the worker never sees the pipe close and waits on it for
ever, holding memory and, for migrate, the ranges of a file. Each worker therefore asks Linux to kill
it when its parent dies (PR_SET_PDEATHSIG), and elsewhere, or when its parent is a fork server,
watches the starting process's pid.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
WATCH_EVERY = 0.5  # seconds between two looks at the starting process


def process_pool(jobs: int):
    """A ProcessPoolExecutor of `jobs` workers that exit when this process dies."""
    from concurrent.futures import ProcessPoolExecutor  # multiprocessing costs start-up: only big inputs need it

    return ProcessPoolExecutor(max_workers=jobs, initializer=die_with, initargs=(os.getpid(),))


def die_with(starter: int) -> None:
    """Pool initializer: end this worker when process `starter` is gone."""
    if sys.platform.startswith("linux") and os.getppid() == starter:
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL) == 0:
                if os.getppid() != starter:  # it died before the request took effect
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass  # no prctl here: watch instead
    threading.Thread(target=_watch, args=(starter,), name="apptlint-parent-watch", daemon=True).start()


def _watch(starter: int) -> None:
    while True:
        time.sleep(WATCH_EVERY)
        try:
            os.kill(starter, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:  # the pid was reused by another user's process: ours is gone
            os._exit(1)
