"""`apptlint schemas list|show|diff`: inspect the bundled snapshots."""

from __future__ import annotations

import json

import click

from apptlint.cli.group import CONTEXT, main
from apptlint.cli.options import output_format_option
from apptlint.payload import snapshots


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


@schemas.command("show")
@click.argument("version")
@click.argument("name")
@click.option("--resolve/--no-resolve", default=False, help="Inline every $ref (default: list them after the schema).")
def schemas_show(version, name, resolve):
    """Print schema NAME of snapshot VERSION as JSON."""
    body = snapshots.schema(version, name)
    if resolve:
        click.echo(json.dumps(snapshots.resolved(version, name), indent=2, ensure_ascii=False))
        return
    click.echo(json.dumps(body, indent=2, ensure_ascii=False))
    refs = snapshots.referenced(body)
    if refs:
        click.echo(
            "# $refs: " + ", ".join(refs) + f"  (see `apptlint schemas show {version} <NAME>`, or --resolve)", err=True
        )


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


@schemas.command("export")
@click.argument("version")
@click.argument("name")
@click.option(
    "--format",
    "export_format",
    type=click.Choice(["json-schema"]),
    default="json-schema",
    show_default=True,
    help="json-schema: standalone Draft 2020-12, every $ref bundled under $defs.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here instead of stdout.")
def schemas_export(version, name, export_format, output):
    """Schema NAME of snapshot VERSION as one standalone JSON Schema, for editors and check-jsonschema (offline)."""
    text = json.dumps(snapshots.bundled(version, name), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    from apptlint.core.atomic import write_atomic

    write_atomic(output, text.encode("utf-8"))
