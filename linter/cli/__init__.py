"""The `apptlint` command line: one module per command, each registering itself on the group."""

from apptlint.cli import check, config, migrate, rules, schemas, status, validate  # noqa: F401 - registers the commands
from apptlint.cli.group import main

__all__ = ["main"]
