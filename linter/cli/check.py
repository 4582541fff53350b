"""`apptlint check`: lint and fix Python files."""

from __future__ import annotations

import click

from apptlint.cli.group import CONTEXT, main
from apptlint.cli.options import (
    explain,
    finish,
    load_settings_or_exit,
    require_runnable,
    schema_version_option,
    select_options,
    with_common_options,
    with_options,
)


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--fix", is_flag=True, help="Apply safe fixes in place (atomic writes).")
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="With --fix or --diff: also apply fixes that may change behaviour "
    "for some payload (each rule's docs say which).",
)
@click.option("--diff", is_flag=True, help="Print a unified diff of what --fix would change; write nothing.")
@with_options(select_options)
@schema_version_option(
    "--target-version",
    help_="Snapshot whose facts the code rules apply (default: config `target-version`, else the newest).",
)
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes (default: all cores).")
@with_common_options
def check(
    paths,
    fix,
    unsafe_fixes,
    diff,
    select,
    ignore,
    target_version,
    jobs,
    output_format,
    exit_zero,
    config_file,
    quiet,
    verbose,
):
    """Lint Python files for deprecated `urls[...]` reads and fixed-host assumptions."""
    from apptlint.code.engine import check_paths
    from apptlint.core.progress import Progress, wanted

    if fix and diff:
        raise click.UsageError("--fix and --diff cannot be combined: --diff only shows what --fix would do")
    require_runnable(select, "code", "check")
    settings = load_settings_or_exit(paths, config_file)
    if target_version:
        settings.target_version = target_version
    explain(verbose, settings)
    progress = Progress(0, "files", wanted(quiet))
    try:
        report, diffs = check_paths(
            list(paths),
            settings,
            fix=fix,
            diff=diff,
            select=select,
            ignore=ignore,
            jobs=jobs,
            progress=progress,
            unsafe_fixes=unsafe_fixes,
        )
    finally:
        progress.close()
    if diff:
        for text in diffs:
            click.echo(text, nl=False)
    finish(report, output_format, exit_zero=exit_zero, quiet=quiet, verbose=verbose, diff_found=bool(diffs), patch=diff)
