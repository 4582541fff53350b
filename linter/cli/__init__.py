"""The `apptlint` command line: one module per command, each registering itself on the group when loaded."""

import os
import sys

from apptlint.cli.lazy_imports import defer

defer("libcst")  # before any command imports the code rules

from apptlint.cli.group import main  # noqa: E402
from apptlint.core.findings import EXIT_ERROR  # noqa: E402

__all__ = ["main", "run"]


def run() -> None:
    """The console script (and `python -m apptlint`): the click group, then an exit without the teardown.

    Freeing every module and object at exit costs a short run about 20 ms, a sixth of a pre-commit run
    on a clean file (see BENCHMARKS.md). Nothing is left for the teardown to do: files are written
    atomically and closed where they are written, worker pools are shut down where they are used, and
    the output is flushed here. Anything but a plain exit code takes Python's own way out.
    """
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = 0 if exc.code is None else exc.code
        if not isinstance(code, int):
            raise
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError, OSError):
        code = code or EXIT_ERROR  # the output did not all arrive: not a clean run
    os._exit(code)
