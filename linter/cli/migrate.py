"""`apptlint migrate`: upgrade stored payloads to a newer snapshot."""

from __future__ import annotations

import click

from apptlint.cli.group import CONTEXT, main
from apptlint.cli.options import (
    db_usage_problem,
    db_options,
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
@click.argument("paths", nargs=-1, required=False, type=click.Path())
@schema_version_option("--to", "version", help_="Target snapshot version (default: the newest).")
@click.option(
    "--write/--dry-run",
    default=False,
    help="--write applies the upgrade in place (atomic); --dry-run, the default, writes nothing.",
)
@click.option("--diff", is_flag=True, help="Print a unified diff of each change.")
@click.option(
    "--show-values",
    is_flag=True,
    help="With --diff: show personal-data values (email, names, client_data) as they are; off, they are redacted.",
)
@click.option("--backup", is_flag=True, help="With --write, keep the original as FILE.bak.")
@click.option(
    "--derive-missing",
    is_flag=True,
    help="Derive a value no field holds (1.5.0 lacks urls.add_to_calendar) from the sibling URLs' shared prefix.",
)
@with_options(select_options)
@db_options(writes=True)
@with_common_options
def migrate(
    paths,
    version,
    write,
    diff,
    show_values,
    backup,
    derive_missing,
    select,
    ignore,
    db_url,
    table,
    column,
    key,
    where,
    batch_size,
    output_format,
    exit_zero,
    config_file,
    quiet,
    verbose,
):
    """Upgrade stored payloads (.json, .jsonl, .ndjson, or --db rows) to a newer snapshot, keeping every other byte.

    A dry run by default: exits 1 when anything would change, so CI can assert fixtures are current.
    """
    from apptlint.core.files import payload_files
    from apptlint.core.progress import Progress, wanted
    from apptlint.payload import snapshots
    from apptlint.payload.migrate import MigrateOptions, migrate_sources
    from apptlint.payload.validate import unreadable_folders
    from apptlint.payload.ruleset import Selection
    from apptlint.sources.base import BodyLimits
    from apptlint.sources.files import file_source

    problem = db_usage_problem(paths, db_url, table, column, key, where)
    if problem:
        raise click.UsageError(problem)
    require_runnable(select, "payload", "migrate")
    if backup and db_url:
        raise click.UsageError("--backup copies files only; back up a database with its own tools before --write")
    settings = load_settings_or_exit(paths, config_file)
    options = MigrateOptions(version or snapshots.latest_version(), write, derive_missing, backup, diff, show_values)
    explain(verbose, settings)
    special: list[str] = []
    folders: list = []  # that could not be listed
    files = payload_files(list(paths), settings, skipped=special, unreadable=folders)
    sources = [file_source(p, write, backup, limits=BodyLimits.of(settings)) for p in files]
    if db_url:
        from apptlint.sources import db  # sqlite3 and the rest load only for a --db run

        sources.append(db.TableSource(db.TableQuery(db_url, table, column, key, where, batch_size), write))
    progress = Progress(len(sources), "files", wanted(quiet))
    try:
        report, diffs = migrate_sources(
            sources, Selection(settings, select, ignore), options, progress=progress, files=len(files)
        )
    finally:
        progress.close()
    if special:
        report.extra["special_files_skipped"] = len(special)
    report.errors.extend(unreadable_folders(folders))
    for text in diffs:
        click.echo(text, nl=False)
    if report.extra.get("stale_temp_files_removed") and not quiet:
        n = report.extra["stale_temp_files_removed"]
        click.echo(f"apptlint migrate: removed {n} temp file(s) an interrupted run left", err=True)
    for path in report.extra.get("stale_temp_files", []):
        click.echo(
            f"apptlint migrate: a temp file an earlier run left: {path} (`migrate --write` removes it once no run"
            " is writing it)",
            err=True,
        )
    if diffs and not show_values and not quiet:
        click.echo(
            "apptlint migrate: personal values in the diff are redacted; --show-values for a patch that applies",
            err=True,
        )
    finish(report, output_format, exit_zero=exit_zero, quiet=quiet, verbose=verbose, patch=diff)
