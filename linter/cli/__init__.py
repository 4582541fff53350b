"""The `apptlint` command line. Exit codes: 0 clean, 1 findings, 2 usage or internal error."""

from __future__ import annotations

import json
import sys

import click

from apptlint import __version__
from apptlint.payload import snapshots
from apptlint.core.findings import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS
from apptlint.reporters import FORMATS

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class ApptlintGroup(click.Group):
    """Turns unexpected exceptions into a one-line error and exit 2, never a traceback on stdout."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except snapshots.UnknownSchemaError as exc:
            raise click.UsageError(str(exc)) from None
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


output_format_option = click.option(
    "--output-format", type=click.Choice(FORMATS), default="text", show_default=True, help="How to print findings.")


# ---- schemas ---------------------------------------------------------------------------------

@main.group(context_settings=CONTEXT)
def schemas():
    """Inspect the bundled schema snapshots."""


@schemas.command("list")
@output_format_option
def schemas_list(output_format):
    """List snapshot versions and the schemas in each."""
    listing = {v: sorted(snapshots.schemas(v)) for v in snapshots.versions()}
    if output_format == "json":
        click.echo(json.dumps(listing, indent=2))
        return
    for version, names in listing.items():
        latest = " (latest)" if version == snapshots.latest_version() else ""
        click.echo(f"{version}{latest}: {len(names)} schemas")
        for name in names:
            click.echo(f"  {name}")


def _resolve(node, version, seen=()):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            name = ref.rsplit("/", 1)[-1]
            if name in seen:
                return node
            resolved = _resolve(snapshots.schema(version, name), version, seen + (name,))
            rest = {k: _resolve(v, version, seen) for k, v in node.items() if k != "$ref"}
            return {**resolved, **rest}
        return {k: _resolve(v, version, seen) for k, v in node.items()}
    if isinstance(node, list):
        return [_resolve(v, version, seen) for v in node]
    return node


def _refs(node, found):
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            found.add(node["$ref"].rsplit("/", 1)[-1])
        for v in node.values():
            _refs(v, found)
    elif isinstance(node, list):
        for v in node:
            _refs(v, found)
    return found


@schemas.command("show")
@click.argument("version")
@click.argument("name")
@click.option("--resolve/--no-resolve", default=False, help="Inline every $ref (default: list them after the schema).")
def schemas_show(version, name, resolve):
    """Print schema NAME of snapshot VERSION as JSON."""
    body = snapshots.schema(version, name)
    if resolve:
        click.echo(json.dumps(_resolve(body, version, (name,)), indent=2, ensure_ascii=False))
        return
    click.echo(json.dumps(body, indent=2, ensure_ascii=False))
    refs = sorted(_refs(body, set()))
    if refs:
        click.echo("# $refs: " + ", ".join(refs) + f"  (see `apptlint schemas show {version} <NAME>`, or --resolve)", err=True)


@schemas.command("diff")
@click.argument("old")
@click.argument("new")
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def schemas_diff(old, new, output_format):
    """Every change from snapshot OLD to NEW, classified (breaking, deprecation, additive, description)."""
    from apptlint.payload.schema_diff import CLASS_ORDER, diff_versions

    changes = diff_versions(snapshots.check_version(old), snapshots.check_version(new))
    if output_format == "json":
        click.echo(json.dumps({"old": old, "new": new, "changes": [c.to_json() for c in changes]}, indent=2))
        return
    for cls in CLASS_ORDER:
        group = [c for c in changes if c.classification == cls]
        if group:
            click.echo(f"{cls} ({len(group)}):")
            for c in group:
                click.echo(f"  {c.location}: {c.detail}")
    if not changes:
        click.echo(f"no changes between {old} and {new}")


# ---- check ---------------------------------------------------------------------------------

def codes_option(name, help_):
    return click.option(name, metavar="CODES", help=help_,
                        callback=lambda ctx, param, value: [c.strip().upper() for c in value.split(",") if c.strip()] if value else None)


def load_settings_or_exit(paths, config_file):
    from apptlint.core.config import ConfigError, load_settings

    try:
        return load_settings(paths, config_file)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None


def explain(verbose, settings) -> None:
    if verbose:
        origin = sorted({o for o in settings.origins.values() if o != "default"})
        click.echo(f"apptlint: config from {', '.join(origin) if origin else 'defaults (no [tool.apptlint] found)'}", err=True)


def finish(report, output_format, *, exit_zero=False, quiet=False, verbose=False, diff_found=False):
    from apptlint.reporters import render, summary_line

    render(report, output_format, sys.stdout, verbose)
    if not quiet:
        click.echo(summary_line(report), err=True)
    code = report.exit_code()
    if diff_found and code == EXIT_CLEAN:
        code = EXIT_FINDINGS
    if exit_zero and code == EXIT_FINDINGS:
        code = EXIT_CLEAN
    exit_with(code)


common_options = [
    output_format_option,
    click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (still 2 on errors)."),
    click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Use this TOML file instead of the nearest pyproject.toml."),
    click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary line."),
    click.option("-v", "--verbose", is_flag=True, help="Say more about what is being done."),
]


def db_options(writes: bool):
    """The --db family, shared by validate (reads) and migrate (also writes)."""
    options = [
        click.option("--db", "db_url", metavar="URL", help=("Also upgrade payloads in" if writes else "Also read payloads from")
                     + " database rows: sqlite:///FILE or postgresql://... (PATHS become optional)."),
        click.option("--table", metavar="NAME", help="With --db: the table (or schema.table)."),
        click.option("--column", metavar="COL", help="With --db: the payload column (jsonb, json or text; SQLite TEXT or BLOB)."),
        click.option("--key", metavar="COL", help="With --db: a unique" + (", indexed column that names and updates" if writes
                     else " column that names") + " each row (default: rowid / ctid)."),
        click.option("--where", metavar="SQL", help="With --db: only rows where this SQL condition holds (trusted operator input"
                     + (")." if writes else "; read-only).")),
        click.option("--batch-size", type=click.IntRange(min=1), default=500, show_default=True,
                     help="With --db: rows fetched per round trip" + (", and with --write rows updated per transaction." if writes else ".")),
    ]

    def decorate(func):
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def with_common_options(func):
    for option in reversed(common_options):
        func = option(func)
    return func


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--fix", is_flag=True, help="Apply safe fixes in place (atomic writes).")
@click.option("--diff", is_flag=True, help="Print a unified diff of what --fix would change; write nothing.")
@codes_option("--select", "Only these codes or prefixes (comma-separated), e.g. APT0,APT101.")
@codes_option("--ignore", "Skip these codes or prefixes (comma-separated).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes (default: all cores).")
@with_common_options
def check(paths, fix, diff, select, ignore, jobs, output_format, exit_zero, config_file, quiet, verbose):
    """Lint Python files for deprecated `urls[...]` reads and fixed-host assumptions."""
    from apptlint.code.engine import check_paths

    if fix and diff:
        raise click.UsageError("--fix and --diff cannot be combined: --diff only shows what --fix would do")
    from apptlint.core.progress import Progress, wanted

    settings = load_settings_or_exit(paths, config_file)
    explain(verbose, settings)
    progress = Progress(0, "files", wanted(quiet))
    try:
        report, diffs = check_paths(list(paths), settings, fix=fix, diff=diff, select=select, ignore=ignore, jobs=jobs,
                                    progress=progress)
    finally:
        progress.close()
    if diff:
        for text in diffs:
            click.echo(text, nl=False)
    finish(report, output_format, exit_zero=exit_zero, quiet=quiet, verbose=verbose, diff_found=bool(diffs))


# ---- validate ------------------------------------------------------------------------------

@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=False, type=click.Path(allow_dash=True))
@click.option("--schema-version", type=click.Choice(snapshots.versions()), default=None,
              help="Snapshot to validate against (default: config `schema-version`, else the newest).")
@click.option("--schema", "schema_name", metavar="NAME", help="Check every payload against this component schema instead of recognising its kind.")
@click.option("--detect-version", is_flag=True, help="Report which snapshot versions each payload satisfies.")
@click.option("--max-errors", type=click.IntRange(min=1), default=10, show_default=True, help="Schema errors shown per payload.")
@click.option("--show-values", is_flag=True, help="Print offending values of personal-data fields too (off: CI logs are widely read).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes for large JSON Lines files (default: all cores).")
@db_options(writes=False)
@with_common_options
def validate(paths, schema_version, schema_name, detect_version, max_errors, show_values, jobs, db_url, table, column, key,
             where, batch_size, output_format, exit_zero, config_file, quiet, verbose):
    """Validate stored payloads (.json, .jsonl, .ndjson, - for stdin, or --db rows) against a schema snapshot."""
    from apptlint.sources import db
    from apptlint.payload.validate import Options, detect_summary, validate_paths

    problem = db.usage_problem(paths, db_url, table, column, key, where)
    if problem:
        raise click.UsageError(problem)
    settings = load_settings_or_exit(paths, config_file)
    version = schema_version or settings.schema_version or snapshots.latest_version()
    if schema_name:
        snapshots.schema(version, schema_name)
    options = Options(version, schema_name, detect_version, show_values, max_errors)
    from apptlint.core.progress import Progress, wanted

    explain(verbose, settings)
    progress = Progress(0, "files", wanted(quiet))
    from apptlint.reporters import line_writer

    # Line formats print each finding as it is found, so a log with millions of findings needs no memory for them.
    sink = progress.interleaved(line_writer(output_format, sys.stdout))
    try:
        report, tally = validate_paths(list(paths), settings, options, jobs, progress=progress, sink=sink)
    finally:
        progress.close()
    tally.sink = None  # rows get their line numbers dropped after checking, so they are reported at the end
    if db_url:
        db.validate_rows(db.Source(db_url, table, column, key, where, batch_size), options, report, tally)
    if detect_version:
        if output_format == "text":
            # Rows have no line (None): sort them as 0 and print no ":line".
            for item in sorted(tally.per_payload, key=lambda p: (p["path"], p["line"] or 0)):
                under = ", ".join(item["valid_under"]) or "none"
                where_ = item["path"] + (f":{item['line']}" if item["line"] is not None else "")
                click.echo(f"{where_}: {'/'.join(item['kinds'])} valid under {under}")
        if not quiet:
            click.echo(detect_summary(report.extra["detected_versions"], version), err=True)
    finish(report, output_format, exit_zero=exit_zero, quiet=quiet, verbose=verbose)


# ---- migrate -------------------------------------------------------------------------------

@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=False, type=click.Path())
@click.option("--to", "version", type=click.Choice(snapshots.versions()), default=None,
              help="Target snapshot version (default: the newest).")
@click.option("--write/--dry-run", default=False,
              help="--write applies the upgrade in place (atomic); --dry-run, the default, writes nothing.")
@click.option("--diff", is_flag=True, help="Print a unified diff of each change.")
@click.option("--backup", is_flag=True, help="With --write, keep the original as FILE.bak.")
@click.option("--derive-missing", is_flag=True,
              help="Derive a value no field holds (1.5.0 lacks urls.add_to_calendar) from the sibling URLs' shared prefix.")
@db_options(writes=True)
@with_common_options
def migrate(paths, version, write, diff, backup, derive_missing, db_url, table, column, key, where, batch_size,
            output_format, exit_zero, config_file, quiet, verbose):
    """Upgrade stored payloads (.json, .jsonl, .ndjson, or --db rows) to a newer snapshot, keeping every other byte.

    A dry run by default: exits 1 when anything would change, so CI can assert fixtures are current.
    """
    from apptlint.sources import db
    from apptlint.payload.migrate import MigrateOptions, migrate_paths

    problem = db.usage_problem(paths, db_url, table, column, key, where)
    if problem:
        raise click.UsageError(problem)
    if backup and db_url:
        raise click.UsageError("--backup copies files only; back up a database with its own tools before --write")
    settings = load_settings_or_exit(paths, config_file)
    options = MigrateOptions(version or snapshots.latest_version(), write, derive_missing, backup, diff)
    from apptlint.core.progress import Progress, wanted

    explain(verbose, settings)
    progress = Progress(0, "files", wanted(quiet))
    try:
        report, diffs = migrate_paths(list(paths), settings, options, progress)
    finally:
        progress.close()
    if db_url:
        db.migrate_rows(db.Source(db_url, table, column, key, where, batch_size), options, report, diffs)
    for text in diffs:
        click.echo(text, nl=False)
    finish(report, output_format, exit_zero=exit_zero, quiet=quiet, verbose=verbose)


# ---- config --------------------------------------------------------------------------------

@main.command("config", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Use this TOML file instead of the nearest pyproject.toml.")
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def config_command(paths, config_file, output_format):
    """Print the effective configuration for PATHS (default: .) and where each value came from."""
    settings = load_settings_or_exit(list(paths) or ["."], config_file)
    values = settings.public()
    if output_format == "json":
        click.echo(json.dumps({k: {"value": v, "source": settings.origins.get(k, "default")} for k, v in values.items()}, indent=2))
        return
    for key, value in values.items():
        click.echo(f"{key} = {json.dumps(value)}  # {settings.origins.get(key, 'default')}")


# ---- rules -----------------------------------------------------------------------------------

@main.command(context_settings=CONTEXT)
@click.argument("code", required=False)
def rules(code):
    """List the rules, or print the docs of rule CODE (code or name)."""
    from apptlint.core.registry import all_rules, lookup

    if code:
        rule = lookup(code)
        if rule is None:
            raise click.UsageError(f"no rule {code!r}; run `apptlint rules` for the list")
        fix = "fixable" if rule.fixable else "report only"
        click.echo(f"{rule.code} {rule.name} ({rule.kind} rule, {fix})\n\n{rule.docs()}")
        return
    for rule in all_rules().values():
        click.echo(f"{rule.code}  {rule.name:<32} {rule.kind:<8} {'[*]' if rule.fixable else '   '} {rule.summary}")


def exit_with(code: int) -> None:
    sys.exit(code if code in (EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR) else EXIT_ERROR)


if __name__ == "__main__":  # pragma: no cover
    main()
