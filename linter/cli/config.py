"""`apptlint config`: the effective configuration and where each value came from."""

from __future__ import annotations

import json

import click

from apptlint.cli.group import CONTEXT, main
from apptlint.cli.options import load_settings_or_exit


@main.command("config", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    help="Use this TOML file instead of the nearest pyproject.toml.",
)
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def config_command(paths, config_file, output_format):
    """Print the effective configuration for PATHS (default: .) and where each value came from."""
    settings = load_settings_or_exit(list(paths) or ["."], config_file)
    values = settings.public()
    if output_format == "json":
        click.echo(
            json.dumps(
                {k: {"value": v, "source": settings.origins.get(k, "default")} for k, v in values.items()}, indent=2
            )
        )
        return
    for key, value in values.items():
        click.echo(f"{key} = {json.dumps(value)}  # {settings.origins.get(key, 'default')}")
