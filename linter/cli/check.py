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
    show_fixes_option,
    select_options,
    with_common_options,
    with_options,
)


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--fix", is_flag=True, help="Apply safe fixes in place (atomic writes).")
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="With --fix or --diff: also apply fixes that may change behaviour "
    "for some payload (each rule's docs say which).",
)
@click.option("--diff", is_flag=True, help="Print a unified diff of what --fix would change; write nothing.")
@click.option(
    "--add-noqa",
    is_flag=True,
    help="Add `# noqa: CODE` to every line with a finding --fix cannot fix, so CI can start clean.",
)
@show_fixes_option
@with_options(select_options)
@schema_version_option(
    "--target-version",
    help_="Snapshot whose facts the code rules apply (default: config `target-version`, else the newest).",
)
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes (default: all cores).")
@click.option(
    "--stdin-filename",
    metavar="PATH",
    help="With `-`: the file name stdin stands for, for config lookup, per-file-ignores, excludes and messages.",
)
@with_common_options
def check(
    paths,
    fix,
    unsafe_fixes,
    diff,
    add_noqa,
    select,
    ignore,
    target_version,
    jobs,
    stdin_filename,
    output_format,
    exit_zero,
    config_file,
    quiet,
    verbose,
):
    """Lint Python files for deprecated `urls[...]` reads and fixed-host assumptions.

    PATHS default to `.`; `-` reads one file from stdin (with --fix, the fixed source goes to stdout)."""
    from apptlint.code.engine import check_paths
    from apptlint.core.progress import Progress, wanted

    if fix and diff:
        raise click.UsageError("--fix and --diff cannot be combined: --diff only shows what --fix would do")
    if add_noqa and (fix or diff or paths == ("-",)):
        raise click.UsageError("--add-noqa works on files, alone: run --fix first, then --add-noqa for the rest")
    require_runnable(select, "code", "check")
    if "-" in paths and len(paths) > 1:
        raise click.UsageError("`-` (stdin) cannot be combined with other paths")
    if stdin_filename and paths != ("-",):
        raise click.UsageError("--stdin-filename goes with `-` (stdin)")
    paths = paths or (".",)
    if paths == ("-",):
        settings = load_settings_or_exit([stdin_filename or "."], config_file)
        if target_version:
            settings.target_version = target_version
        explain(verbose, settings)
        report, text = check_stdin(stdin_filename, settings, fix, diff, select, ignore, unsafe_fixes)
        if text is not None:
            click.echo(text, nl=False)
        finish(report, output_format, exit_zero=exit_zero, quiet=quiet, verbose=verbose, patch=fix or diff)
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
    for engine, count in report.extra.get("templates_skipped", {}).items():
        if not quiet:
            click.echo(
                f"apptlint check: {count} {engine} template(s) skipped: `pip install 'apptlint[{engine}]'` to check them",
                err=True,
            )
    if add_noqa:
        suppress(report)
    if diff:
        for text in diffs:
            click.echo(text, nl=False)
    finish(report, output_format, exit_zero=exit_zero, quiet=quiet, verbose=verbose, diff_found=bool(diffs), patch=diff)


def check_stdin(name, settings, fix, diff, select, ignore, unsafe_fixes):
    """One source from stdin. Returns the report and what goes to stdout besides it: with --fix the source
    (fixed or not, as editors and formatters expect), with --diff the patch; else None."""
    import sys
    import time

    from apptlint.code.api import check_bytes
    from apptlint.core.diffs import unified_diff
    from apptlint.core.files import is_excluded
    from apptlint.core.findings import RunReport

    started = time.perf_counter()
    source = sys.stdin.buffer.read()
    path = name or "-"
    report = RunReport("check", files=1)
    if name and is_excluded(name, settings.excludes):
        report.files = 0
        return report, source.decode("utf-8", "replace") if fix else None
    result = check_bytes(
        source, path, settings, fix=fix or diff, unsafe_fixes=unsafe_fixes, select=select, ignore=ignore
    )
    report.findings = result.findings + ([result.error] if result.error else [])
    if result.unsafe_hidden:
        report.extra["unsafe_fixes_hidden"] = result.unsafe_hidden
    new = result.new_source
    text = None
    if fix:
        report.fixed = result.fixed if new is not None else 0
        report.applied = result.applied if new is not None else []
        text = (new if new is not None else source).decode("utf-8", "replace")
    elif diff and new is not None:
        text = unified_diff(path, source, new)
        report.extra["would_fix"] = result.fixed
    report.elapsed = time.perf_counter() - started
    return report, text


def suppress(report) -> None:
    """--add-noqa: turn the report-only findings into noqa comments; what could not take one stays a finding."""
    from apptlint.code.noqa import add_noqa
    from apptlint.core import registry
    from apptlint.core.atomic import write_atomic
    from apptlint.core.files import read_regular

    rules = registry.all_rules()
    by_path: dict[str, list] = {}
    for f in report.findings:
        # A file that does not parse (APT999) is not silenced by a comment: it stays a finding.
        if not f.fixable and f.line and rules[f.code].kind != "input":
            by_path.setdefault(f.path, []).append(f)
    added = skipped = 0
    for path, findings in sorted(by_path.items()):
        edit = add_noqa(read_regular(path), findings)
        if edit.added:
            write_atomic(path, edit.source)
            added += edit.added
        left = set(edit.skipped)
        skipped += len(left)
        report.findings = [f for f in report.findings if f.path != path or f.fixable or f.line in left]
    report.extra["noqa_added"] = added
    report.extra.pop("unsafe_fixes_hidden", None)  # those findings are silenced now, not waiting for a fix
    rest = f"; {skipped} line(s) cannot take a comment (inside a multi-line string or after a `\\`)" if skipped else ""
    click.echo(f"apptlint check: added {added} noqa code(s){rest}", err=True)
