"""`apptlint status`: one screen of what still holds the migration up, and the order to finish in."""

from __future__ import annotations

import json

import click

from apptlint.cli.group import CONTEXT, exit_with, main
from apptlint.cli.options import db_options, db_usage_problem, load_settings_or_exit
from apptlint.code.templates.where import TEMPLATE_SUFFIXES
from apptlint.core.findings import EXIT_CLEAN, EXIT_FINDINGS, RunReport


def migration_rules() -> dict:
    """The code rules whose findings are migration work (those with a `finish_order`), in that order."""
    from apptlint.core import registry

    rules = [r for r in registry.code_rules() if r.finish_order is not None]
    return {r.code: r for r in sorted(rules, key=lambda r: (r.finish_order, r.code))}


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=False, type=click.Path())
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Use this pyproject.toml.")
@db_options(writes=False)
def status(paths, output_format, config_file, db_url, table, column, key, where, batch_size):
    """What still holds the migration up under PATHS (default `.`), and optionally in a --db table.

    Exits 0 when nothing is left, 1 otherwise."""
    from apptlint.code.engine import check_paths
    from apptlint.core.files import payload_files
    from apptlint.payload import snapshots
    from apptlint.payload.jsonparse import parse
    from apptlint.payload.ruleset import Selection
    from apptlint.payload.validate import Options, mark_skippable, unreadable_folders, validate_sources
    from apptlint.sources.base import BodyLimits
    from apptlint.sources.files import file_source

    paths = paths or (() if db_url else (".",))
    problem = db_usage_problem(paths, db_url, table, column, key, where)
    if problem:
        raise click.UsageError(problem)
    settings = load_settings_or_exit(paths, config_file)
    work = migration_rules()
    code_report, _ = check_paths(list(paths), settings, select=list(work)) if paths else (RunReport("check"), [])
    folders: list = []  # that could not be listed
    files = sorted(payload_files(list(paths), settings, unreadable=folders))
    sources = [file_source(p, is_document=lambda data: parse(data).ok, limits=BodyLimits.of(settings)) for p in files]
    mark_skippable(sources, paths, report_all=False)
    if db_url:
        from apptlint.sources import db  # sqlite3 and the rest load only for a --db run

        sources.append(db.TableSource(db.TableQuery(db_url, table, column, key, where, batch_size)))
    latest = snapshots.latest_version()
    payload_report, tally = validate_sources(sources, Selection(settings), Options(latest, detect_version=True))
    payload_report.errors.extend(unreadable_folders(folders))
    state = summarise(code_report, payload_report, latest, work)
    if output_format == "json":
        click.echo(json.dumps(state, indent=2))
    else:
        click.echo(render(state, paths, db_url and table))
    exit_with(EXIT_CLEAN if state["remaining"] == 0 else EXIT_FINDINGS)


def summarise(code_report, payload_report, latest: str, work: dict) -> dict:
    from apptlint.core import registry

    by_code: dict[str, dict[str, int]] = {}
    unreadable = []
    for finding in code_report.all_findings() + payload_report.errors:
        if finding.code in work:
            where = "templates" if finding.path.endswith(TEMPLATE_SUFFIXES) else "python"
            counts = by_code.setdefault(finding.code, {"python": 0, "templates": 0})
            counts[where] += 1
        elif registry.all_rules()[finding.code].kind == "input":
            line = f"{finding.path}:{finding.line or 1}: {finding.message}"
            if line not in unreadable:  # a folder neither walk could list is named by both
                unreadable.append(line)
    shapes = dict(payload_report.extra.get("detected_shapes", {}))
    new_shape = f"{latest}-shaped"
    stored = {
        "payloads": payload_report.payloads or 0,
        "shapes": shapes,
        "to_migrate": sum(n for s, n in shapes.items() if s.endswith("-shaped") and s != new_shape)
        + shapes.get("mixed", 0),
        "invalid_or_unreadable": shapes.get("unknown", 0) + shapes.get("unparsable", 0),
    }
    steps = []
    if unreadable:
        steps.append(
            f"make these files readable first, so the rest can be counted: {len(unreadable)} (`apptlint check`)"
        )
    if stored["to_migrate"]:
        steps.append(f"migrate the stored data: `apptlint migrate --write` ({stored['to_migrate']} payloads)")
    for code, rule in work.items():  # in finishing order; rules sharing a step share its line
        if code in by_code and rule.finish_step not in steps:
            steps.append(rule.finish_step)
    remaining = (
        sum(sum(c.values()) for c in by_code.values())
        + stored["to_migrate"]
        + stored["invalid_or_unreadable"]
        + len(unreadable)
    )
    labels = {code: rule.summary for code, rule in work.items()}
    return {
        "version": latest,
        "code": by_code,
        "labels": labels,
        "unreadable": unreadable,
        "stored": stored,
        "next_steps": steps,
        "remaining": remaining,
    }


def render(state: dict, paths, table) -> str:
    where = ", ".join(paths) + (f" and table {table}" if table else "")
    out = [f"apptlint status of {where} (target {state['version']})", "", "code and templates:"]
    if not state["code"] and not state["unreadable"]:
        out.append("  nothing left")
    out += [f"  unreadable: {line}" for line in state["unreadable"]]
    for code, label in state["labels"].items():
        counts = state["code"].get(code)
        if counts:
            split = (
                f" ({counts['python']} in Python, {counts['templates']} in templates)" if counts["templates"] else ""
            )
            out.append(f"  {code}  {sum(counts.values()):>6,}  {label}{split}")
    stored = state["stored"]
    out += ["", f"stored payloads (files, cassettes{', table' if table else ''}): {stored['payloads']:,}"]
    for shape, count in sorted(stored["shapes"].items(), key=lambda s: -s[1]):
        out.append(f"  {count:>8,}  {shape}")
    out += ["", "next steps:" if state["next_steps"] else "nothing left to do: the migration is complete."]
    out += [f"  {n}. {step}" for n, step in enumerate(state["next_steps"], 1)]
    out += ["", f"{state['remaining']:,} item(s) left"]
    return "\n".join(out)
