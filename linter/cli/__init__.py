"""The `apptlint` command line: one module per command, each registering itself on the group when loaded."""

from apptlint.cli.lazy_imports import defer

defer("libcst")  # before any command imports the code rules

from apptlint.cli.group import main  # noqa: E402

__all__ = ["main"]
