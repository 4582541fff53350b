"""`apptlint validate`: check stored payloads against a snapshot."""

from __future__ import annotations


import click

from apptlint.cli.group import CONTEXT, main
from apptlint.cli.options import (
    db_usage_problem,
    db_options,
    explain,
    finish,
    load_settings_or_exit,
    report_stream,
    require_runnable,
    schema_version_option,
    select_options,
    with_common_options,
    with_options,
)


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=False, type=click.Path(allow_dash=True))
@schema_version_option(
    "--schema-version", help_="Snapshot to validate against (default: config `schema-version`, else the newest)."
)
@click.option(
    "--schema",
    "schema_name",
    metavar="NAME",
    help="Check every payload against this component schema instead of recognising its kind.",
)
@click.option("--detect-version", is_flag=True, help="Report which snapshot versions each payload satisfies.")
@click.option(
    "--max-errors", type=click.IntRange(min=1), default=10, show_default=True, help="Schema errors shown per payload."
)
@click.option(
    "--show-values",
    is_flag=True,
    help="Print offending values of personal-data fields too (off: CI logs are widely read).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Report APT202 for every file with nothing of this API in it, also those met in a directory walk.",
)
@click.option(
    "--skip-unrecognised",
    is_flag=True,
    help="Skip files with nothing of this API in them even when named (the pre-commit hook passes every *.json).",
)
@with_options(select_options)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for large JSON Lines files (default: all cores).",
)
@db_options(writes=False)
@with_common_options
def validate(
    paths,
    schema_version,
    schema_name,
    detect_version,
    max_errors,
    show_values,
    strict,
    skip_unrecognised,
    select,
    ignore,
    jobs,
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
    """Validate stored payloads (.json, .jsonl, .ndjson, - for stdin, or --db rows) against a schema snapshot."""
    from apptlint.core.files import payload_files
    from apptlint.core.progress import Progress, wanted
    from apptlint.payload import snapshots
    from apptlint.payload.jsonparse import parse
    from apptlint.payload.ruleset import Selection
    from apptlint.payload.validate import (
        Options,
        detect_summary,
        mark_skippable,
        shapes_summary,
        unreadable_folders,
        validate_sources,
    )
    from apptlint.reporters import line_writer
    from apptlint.sources.base import BodyLimits
    from apptlint.sources.files import file_source

    problem = db_usage_problem(paths, db_url, table, column, key, where)
    if problem:
        raise click.UsageError(problem)
    require_runnable(select, "payload", "validate")
    settings = load_settings_or_exit(paths, config_file)
    version = schema_version or settings.schema_version or snapshots.latest_version()
    if schema_name:
        snapshots.schema(version, schema_name)
    options = Options(version, schema_name, detect_version, show_values, max_errors)
    explain(verbose, settings)
    # Sorted by path, the order reports list findings in, so streamed output reads the same.
    special: list[str] = []
    folders: list = []  # that could not be listed
    files = sorted(payload_files(list(paths), settings, skipped=special, unreadable=folders))
    sources = [file_source(p, is_document=lambda data: parse(data).ok, limits=BodyLimits.of(settings)) for p in files]
    mark_skippable(sources, paths, report_all=strict or bool(schema_name), even_named=skip_unrecognised)
    if db_url:
        from apptlint.sources import db  # sqlite3 and the rest load only for a --db run

        sources.append(db.TableSource(db.TableQuery(db_url, table, column, key, where, batch_size)))
    progress = Progress(len(sources), "files", wanted(quiet))
    # Line formats print each finding as it is found, so a log with millions of findings needs no memory for them.
    statistics = click.get_current_context().meta.get("apptlint.statistics")
    sink = None if statistics else progress.interleaved(line_writer(output_format, report_stream()))
    try:
        report, _ = validate_sources(
            sources,
            Selection(settings, select, ignore),
            options,
            jobs=jobs,
            progress=progress,
            sink=sink,
            files=len(files),
        )
    finally:
        progress.close()
    if special:
        report.extra["special_files_skipped"] = len(special)
    report.errors.extend(unreadable_folders(folders))
    if detect_version:
        if output_format == "text":
            # Rows have no line (None): sort them as 0 and print no ":line".
            for item in report.extra["detected"]:
                under = ", ".join(item["valid_under"]) or "none"
                where_ = item["path"] + (f":{item['line']}" if item["line"] is not None else "")
                click.echo(f"{where_}: {'/'.join(item['kinds'])} valid under {under}{_shape_note(item)}")
        if not quiet:
            click.echo(detect_summary(report.extra["detected_versions"], version), err=True)
            if report.extra["detected_shapes"]:
                click.echo(shapes_summary(report.extra["detected_shapes"]), err=True)
    finish(report, output_format, exit_zero=exit_zero, quiet=quiet, verbose=verbose)


def _shape_note(item: dict) -> str:
    if item["shape"] is None:
        return ""
    detail = item.get("unknown_members") or item.get("mixed_because") or []
    return f" ({item['shape']}" + (": " + "; ".join(detail) if detail else "") + ")"
