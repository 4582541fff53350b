"""`apptlint rules [CODE]`: list the rules or print one rule's docs."""

from __future__ import annotations


import click

from apptlint.cli.group import CONTEXT, main


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
