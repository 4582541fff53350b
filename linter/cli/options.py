"""Options and steps every command shares: output format, config loading, the final report and exit code."""

from __future__ import annotations

import os
import sys

import time

import click

IMPORTED_AT = time.perf_counter()

from apptlint.cli.group import exit_with
from apptlint.core.findings import EXIT_CLEAN, EXIT_FINDINGS
from apptlint.reporters import FORMATS

output_format_option = click.option(
    "--output-format", type=click.Choice(FORMATS), default="text", show_default=True, help="How to print findings."
)


def _codes(ctx, param, value):
    if not value:
        return None
    from apptlint.core.registry import SelectorError, check_selectors

    codes = [c.strip().upper() for c in value.split(",") if c.strip()]
    try:
        check_selectors(codes, f"--{param.name}")
    except SelectorError as exc:
        raise click.BadParameter(
            f"unknown rule code in {value!r}; run `apptlint rules` for the list", ctx, param
        ) from exc
    return codes


def codes_option(name, help_):
    return click.option(name, metavar="CODES", help=help_, callback=_codes)


select_options = [
    codes_option("--select", "Only these codes or prefixes (comma-separated), e.g. APT0,APT101; ALL for every rule."),
    codes_option("--ignore", "Skip these codes or prefixes (comma-separated)."),
]


def require_runnable(select, kind: str, command: str) -> None:
    """`--select` naming only rules another command runs (check --select APT201) is an error, not a silent no-op."""
    from apptlint.core import registry

    if not select:
        return
    rules = registry.all_rules()
    runnable = [code for code, rule in rules.items() if rule.kind in (kind, "input")]
    if not registry.select(runnable, select, None):
        others = sorted({rules[c].kind for c in registry.select(list(rules), select, None)} - {kind, "input"})
        where = {"code": "`apptlint check`", "payload": "`apptlint validate` and `apptlint migrate`"}
        hint = (
            f"; they are {' and '.join(others)} rules, run by {' and '.join(where[k] for k in others)}"
            if others
            else ""
        )
        raise click.UsageError(f"--select {','.join(select)} selects no rule `apptlint {command}` runs{hint}")


def with_options(options):
    def decorate(func):
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def schema_version_option(*names, help_):
    """A snapshot version, checked against the snapshots found at run time (a new one needs no code change)."""

    def check(ctx, param, value):
        if value is None:
            return value
        from apptlint.payload import snapshots

        if value not in snapshots.versions():
            raise click.BadParameter(f"{value!r} is not one of {', '.join(snapshots.versions())}", ctx, param)
        return value

    return click.option(*names, metavar="VERSION", default=None, callback=check, help=help_)


def load_settings_or_exit(paths, config_file):
    from apptlint.core.config import ConfigError, load_settings
    from apptlint.payload import snapshots

    try:
        return load_settings(paths, config_file, snapshots.versions)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None


def explain(verbose, settings) -> None:
    if verbose:
        origin = sorted({o for o in settings.origins.values() if o != "default"})
        click.echo(
            f"apptlint: config from {', '.join(origin) if origin else 'defaults (no [tool.apptlint] found)'}", err=True
        )


def _remember(ctx, param, value):
    """Options every command has but no command body needs: kept in the context for `finish`."""
    ctx.meta[f"apptlint.{param.name}"] = value
    if param.name == "color":
        from apptlint.core import progress

        progress.COLOUR = value
    return value


def report_stream(patch: bool = False):
    """Where findings go: --output-file (written atomically when the run ends), else stdout, or stderr when
    stdout carries a patch or a fixed source. The same stream for streamed findings and the final report."""
    ctx = click.get_current_context()
    stream = ctx.meta.get("apptlint.stream")
    if stream is None:
        path = ctx.meta.get("apptlint.output_file")
        if path:
            from apptlint.core.atomic import AtomicTextFile

            try:
                stream = AtomicTextFile(path)
            except OSError as exc:
                raise click.UsageError(f"--output-file {path}: {exc.strerror or exc}") from None
            ctx.call_on_close(stream.discard)
        else:
            stream = sys.stderr if patch else sys.stdout
        ctx.meta["apptlint.stream"] = stream
    return stream


def finish(report, output_format, *, exit_zero=False, quiet=False, verbose=False, diff_found=False, patch=False):
    """Print the report and exit. With `patch`, stdout holds a patch, so the findings go to stderr (as ruff does)."""
    from apptlint.core.atomic import AtomicTextFile
    from apptlint.reporters import render, render_statistics, summary_line

    meta = click.get_current_context().meta
    if os.path.basename(sys.argv[0]) in ("apptlint", "__main__.py"):  # a process of its own, not a test's runner
        report.elapsed = max(report.elapsed, process_wall_time())
    out = report_stream(patch)
    if meta.get("apptlint.statistics"):
        render_statistics(report, output_format, out)
    else:
        render(report, output_format, out, verbose)
    if meta.get("apptlint.show_fixes") and report.applied:
        show_fixes(report, out)
    if isinstance(out, AtomicTextFile):
        out.commit()
    if not quiet:
        click.echo(summary_line(report), err=True)
    if nothing_checked(report):
        what = "Python files" if report.command == "check" else "payload files"
        click.echo(f"apptlint {report.command}: no {what} found under the paths given; nothing was checked", err=True)
    code = report.exit_code()
    if diff_found and code == EXIT_CLEAN:
        code = EXIT_FINDINGS
    if exit_zero and code == EXIT_FINDINGS:
        code = EXIT_CLEAN
    exit_with(code)


def process_wall_time() -> float:
    """Seconds since this process started, which is what the user waited (start-up and imports included).

    Linux says when the process started (/proc/self/stat, in clock ticks since boot); elsewhere the
    time since the command line module was imported is the closest this process can tell."""
    try:
        with open("/proc/self/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        with open("/proc/uptime", "rb") as handle:
            uptime = float(handle.read().split()[0])
        return max(0.0, uptime - int(fields[19]) / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - IMPORTED_AT


def show_fixes(report, out) -> None:
    """What --fix changed, per file (ruff's --show-fixes)."""
    by_path: dict[str, list] = {}
    for f in report.applied:
        by_path.setdefault(f.path, []).append(f)
    out.write(f"Fixed {len(report.applied)} finding(s) in {len(by_path)} file(s):\n")
    for path, fixed in sorted(by_path.items()):
        out.write(f"  {path}:\n")
        for f in sorted(fixed, key=lambda f: (f.line or 0, f.column or 0)):
            out.write(f"    {f.line}:{f.column}: {f.code} {f.message}\n")


def nothing_checked(report) -> bool:
    return not report.files and not report.errors and not report.extra.get("rows") and not report.payloads


common_options = [
    output_format_option,
    click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (still 2 on errors)."),
    click.option(
        "--config",
        "config_file",
        type=click.Path(dir_okay=False),
        help="Use this TOML file instead of the nearest pyproject.toml.",
    ),
    click.option(
        "--output-file",
        "-o",
        type=click.Path(dir_okay=False),
        expose_value=False,
        callback=_remember,
        help="Write the findings to FILE (replaced atomically when the run ends) instead of stdout.",
    ),
    click.option(
        "--statistics",
        is_flag=True,
        expose_value=False,
        callback=_remember,
        help="Print a count per rule instead of each finding.",
    ),
    click.option(
        "--color",
        type=click.Choice(["auto", "always", "never"]),
        default="auto",
        show_default=True,
        expose_value=False,
        callback=_remember,
        help="Colour in text output; auto: on a terminal, unless NO_COLOR is set.",
    ),
    click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary line."),
    click.option("-v", "--verbose", is_flag=True, help="Say more about what is being done."),
]


show_fixes_option = click.option(
    "--show-fixes",
    is_flag=True,
    expose_value=False,
    callback=_remember,
    help="With --fix: list what was fixed, per file.",
)


def db_options(writes: bool):
    """The --db family, shared by validate (reads) and migrate (also writes)."""
    options = [
        click.option(
            "--db",
            "db_url",
            metavar="URL",
            help=("Also upgrade payloads in" if writes else "Also read payloads from")
            + " database rows: sqlite:///FILE or postgresql://... (PATHS become optional).",
        ),
        click.option("--table", metavar="NAME", help="With --db: the table (or schema.table)."),
        click.option(
            "--column", metavar="COL", help="With --db: the payload column (jsonb, json or text; SQLite TEXT or BLOB)."
        ),
        click.option(
            "--key",
            metavar="COL",
            help="With --db: a unique"
            + (", indexed column that names and updates" if writes else " column that names")
            + " each row (default: rowid / ctid).",
        ),
        click.option(
            "--where",
            metavar="SQL",
            help="With --db: only rows where this SQL condition holds (trusted operator input"
            + (")." if writes else "; read-only)."),
        ),
        click.option(
            "--batch-size",
            type=click.IntRange(min=1),
            default=500,
            show_default=True,
            help="With --db: rows fetched per round trip"
            + (", and with --write rows updated per transaction." if writes else "."),
        ),
    ]

    return with_options(options)


def with_common_options(func):
    return with_options(common_options)(func)


def db_usage_problem(paths, url, table, column, key, where) -> str | None:
    """What is wrong with the command line's choice of input, if anything."""
    if not paths and not url:
        return "give PATHS to read, or --db URL with --table and --column"
    if url and not (table and column):
        return "--db needs --table and --column"
    if not url and (table or column or key or where):
        return "--table, --column, --key and --where apply only with --db"
    return None
