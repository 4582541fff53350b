"""The `apptlint` click group: the exit-code contract (0 clean, 1 findings, 2 error) and the last-resort error guard."""

from __future__ import annotations

import importlib
import sys

import click

from apptlint import __version__
from apptlint.core.findings import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS
from apptlint.payload.errors import UnknownSchemaError
from apptlint.sources import SourceError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
# Each command's module, imported only when that command runs (or --help lists them all): a pre-commit
# run of `check` then never loads what `validate` or `migrate` need. A module registers its command on
# `main` when imported.
COMMAND_MODULES = {
    name: f"apptlint.cli.{name}" for name in ("check", "config", "migrate", "rules", "schemas", "status", "validate")
}


class ApptlintGroup(click.Group):
    """Loads commands on demand, and turns unexpected exceptions into a one-line error and exit 2, never a
    traceback on stdout."""

    def list_commands(self, ctx):
        return sorted(set(self.commands) | set(COMMAND_MODULES))

    def get_command(self, ctx, cmd_name):
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            importlib.import_module(COMMAND_MODULES[cmd_name])
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except UnknownSchemaError as exc:
            raise click.UsageError(str(exc)) from None
        except SourceError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(EXIT_ERROR)
        except BrokenPipeError:
            sys.exit(EXIT_ERROR)
        except Exception as exc:  # noqa: BLE001 - last-resort guard for the exit-code contract
            click.echo(f"apptlint: internal error: {type(exc).__name__}: {exc}", err=True)
            if ctx.obj and ctx.obj.get("debug"):
                raise
            sys.exit(EXIT_ERROR)


@click.group(cls=ApptlintGroup, context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="apptlint")
@click.option("--debug", is_flag=True, hidden=True, help="Show tracebacks of internal errors.")
@click.pass_context
def main(ctx, debug):
    """Lint code and validate or migrate stored payloads for the appointments API 1.5.0 -> 1.6.0 change.

    Exit codes: 0 clean, 1 findings, 2 usage error, unreadable input or internal error.
    """
    ctx.ensure_object(dict)["debug"] = debug


def exit_with(code: int) -> None:
    sys.exit(code if code in (EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR) else EXIT_ERROR)


if __name__ == "__main__":  # pragma: no cover
    main()
