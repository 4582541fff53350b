"""`apptlint status`: one screen of what still holds the migration up, and the order to finish in."""

from __future__ import annotations

import json

import click

from apptlint.cli.group import CONTEXT, exit_with, main
from apptlint.cli.options import db_options, load_settings_or_exit
from apptlint.core.findings import EXIT_CLEAN, EXIT_FINDINGS, RunReport

# What each code-rule count means for the migration, in the order the work is done.
CODE_WORK = {
    "APT005": "outdated payload literals (fixtures, factories)",
    "APT001": "deprecated `urls` reads",
    "APT002": "other uses of deprecated `urls` lists",
    "APT003": "`urls` keys without a flat field",
    "APT004": "fallbacks to `urls` (drop once the data is migrated)",
    "APT101": "hard-coded hosts",
    "APT102": "host-dependent logic",
    "APT103": "hand-built action URLs",
}
TEMPLATE_SUFFIXES_HINT = (".html", ".htm", ".txt", ".xml", ".jinja", ".jinja2", ".j2")


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
    from apptlint.payload.validate import Options, mark_skippable, validate_sources
    from apptlint.sources import db
    from apptlint.sources.files import file_source

    paths = paths or (() if db_url else (".",))
    problem = db.usage_problem(paths, db_url, table, column, key, where)
    if problem:
        raise click.UsageError(problem)
    settings = load_settings_or_exit(paths, config_file)
    code_report, _ = check_paths(list(paths), settings, select=list(CODE_WORK)) if paths else (RunReport("check"), [])
    files = sorted(payload_files(list(paths), settings))
    sources = [file_source(p, is_document=lambda data: parse(data).ok) for p in files]
    mark_skippable(sources, paths, report_all=False)
    if db_url:
        sources.append(db.TableSource(db.TableQuery(db_url, table, column, key, where, batch_size)))
    latest = snapshots.latest_version()
    payload_report, tally = validate_sources(sources, Selection(settings), Options(latest, detect_version=True))
    state = summarise(code_report, payload_report, latest)
    if output_format == "json":
        click.echo(json.dumps(state, indent=2))
    else:
        click.echo(render(state, paths, db_url and table))
    exit_with(EXIT_CLEAN if state["remaining"] == 0 else EXIT_FINDINGS)


def summarise(code_report, payload_report, latest: str) -> dict:
    by_code: dict[str, dict[str, int]] = {}
    for finding in code_report.all_findings():
        if finding.code in CODE_WORK:
            where = "templates" if finding.path.endswith(TEMPLATE_SUFFIXES_HINT) else "python"
            counts = by_code.setdefault(finding.code, {"python": 0, "templates": 0})
            counts[where] += 1
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
    if stored["to_migrate"]:
        steps.append(f"migrate the stored data: `apptlint migrate --write` ({stored['to_migrate']} payloads)")
    if "APT005" in by_code:
        steps.append(
            "upgrade the payload literals in tests and factories: `apptlint check --fix --unsafe-fixes --select APT005`"
        )
    if any(c in by_code for c in ("APT001", "APT002", "APT003")):
        steps.append(
            "switch the reads to the flat fields: `apptlint check --fix --unsafe-fixes` (APT001), then APT002/APT003 by hand"
        )
    if any(c in by_code for c in ("APT101", "APT102", "APT103")):
        steps.append("stop assuming the host: use the URL fields the API returns (APT101-APT103)")
    if "APT004" in by_code:
        steps.append("last, once no stored payload is older: drop the fallbacks (APT004)")
    unreadable = [
        f"{f.path}:{f.line or 1}: {f.message}" for f in code_report.all_findings() if f.code in ("APT998", "APT999")
    ]
    if unreadable:
        steps.insert(
            0, f"make these files readable first, so the rest can be counted: {len(unreadable)} (`apptlint check`)"
        )
    remaining = (
        sum(sum(c.values()) for c in by_code.values())
        + stored["to_migrate"]
        + stored["invalid_or_unreadable"]
        + len(unreadable)
    )
    return {
        "version": latest,
        "code": by_code,
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
    for code in CODE_WORK:
        counts = state["code"].get(code)
        if counts:
            split = (
                f" ({counts['python']} in Python, {counts['templates']} in templates)" if counts["templates"] else ""
            )
            out.append(f"  {code}  {sum(counts.values()):>6,}  {CODE_WORK[code]}{split}")
    stored = state["stored"]
    out += ["", f"stored payloads (files, cassettes{', table' if table else ''}): {stored['payloads']:,}"]
    for shape, count in sorted(stored["shapes"].items(), key=lambda s: -s[1]):
        out.append(f"  {count:>8,}  {shape}")
    out += ["", "next steps:" if state["next_steps"] else "nothing left to do: the migration is complete."]
    out += [f"  {n}. {step}" for n, step in enumerate(state["next_steps"], 1)]
    out += ["", f"{state['remaining']:,} item(s) left"]
    return "\n".join(out)
