"""`apptlint check` on templates: find them, read them with their engine, run the rules, apply fixes span by span."""

from __future__ import annotations

import fnmatch
import re
from pathlib import PurePath

from apptlint.code.engine import FileResult, suppressed
from apptlint.code.fixes import Edit, FixRefused, prove_untouched
from apptlint.code.templates.model import Template, TemplateHit
from apptlint.code.templates.readers import TemplateSyntaxError, engine_available, read
from apptlint.code.templates.where import TEMPLATE_SUFFIXES, is_template  # noqa: F401 - their public home was here
from apptlint.core import registry
from apptlint.core.config import Settings
from apptlint.core.findings import Finding
from apptlint.core.rule import UNPARSABLE
from apptlint.core.selection import codes_for_path

JINJA_SUFFIXES = (".jinja", ".jinja2", ".j2")
# Syntax only one engine has: Jinja's whitespace control, `~`, calls and subscripts; Django's `{% load %}`,
# `{% url %}`, `{% csrf_token %}`, `{% verbatim %}`, `{% comment %}` and filter arguments (`|date:"..."`).
JINJA_ONLY = re.compile(r"\{[{%]-|-[}%]\}|\{%\s*(?:raw|set|macro|call)\b|\{\{[^}]*(?:~|\[|\()")
DJANGO_ONLY = re.compile(r"\{%\s*(?:load|url|csrf_token|verbatim|comment|now|cycle|ifchanged)\b|\|\w+:[\"'\w]")


def engine_of(path: str, text: str, settings: Settings) -> str:
    """The configured engine (`template-engines`), else `.jinja`/`.jinja2`/`.j2` are Jinja, else the syntax
    decides; a template that uses neither engine's own syntax is read as Django's (both read it the same)."""
    posix = PurePath(path).as_posix()
    for glob, engine in settings.template_engines.items():
        if fnmatch.fnmatch(posix, glob) or fnmatch.fnmatch(posix, "*/" + glob):
            return engine
    if posix.endswith(JINJA_SUFFIXES):
        return "jinja"
    if JINJA_ONLY.search(text) and not DJANGO_ONLY.search(text):
        return "jinja"
    return "django"


def check_template_source(
    path: str, source: bytes, settings: Settings, codes: list[str], fix: bool, unsafe_fixes: bool
) -> tuple[FileResult, str | None]:
    """Check one template. Returns the result and, when its engine is not installed, that engine's name."""
    result = FileResult(path, old_source=source)
    rules = registry.code_rule_table()
    codes = [code for code in codes_for_path(path, settings, codes) if hasattr(rules[code], "check_template")]
    if not _may_hold_findings(source.lower(), [rules[c] for c in codes], settings.all_hosts):
        return result, None  # like a Python file no prefilter lets through: not read (Django's admin templates)
    try:
        text = source.decode("utf-8")
    except UnicodeDecodeError as exc:
        result.error = Finding(path, 1, 1, registry.input_rule(UNPARSABLE).code, f"not UTF-8: {exc.reason}")
        return result, None
    engine = engine_of(path, text, settings)
    if not engine_available(engine):
        return result, engine
    try:
        template = read(path, text, engine)
    except TemplateSyntaxError as exc:
        result.error = Finding(path, exc.line, 1, registry.input_rule(UNPARSABLE).code, f"{engine} template: {exc}")
        return result, None
    hits = [
        (code, hit)
        for code in codes
        for hit in rules[code].check_template(template, settings)  # type: ignore[attr-defined]
    ]
    lines = text.split("\n")
    kept = [(c, h) for c, h in hits if not suppressed(c, lines, template.position(h.start)[0])]
    to_fix = [(c, h) for c, h in kept if fix and h.replacement is not None and (unsafe_fixes or not h.unsafe)]
    if template.unfixable:
        to_fix = []
    new_text = _apply(template, [h for _, h in to_fix]) if to_fix else None
    fixed_ids = {id(h) for _, h in to_fix} if new_text is not None else set()
    for code, hit in kept:
        finding = _finding(template, code, hit)
        if id(hit) in fixed_ids:
            result.applied.append(finding)
        else:
            result.findings.append(finding)
            if fix and hit.replacement is not None and hit.unsafe and not unsafe_fixes:
                result.unsafe_hidden += 1
    if new_text is not None:
        result.new_source = new_text.encode("utf-8")
        result.fixed = len(fixed_ids)
    return result, None


def _may_hold_findings(lower: bytes, rules, hosts: tuple[str, ...]) -> bool:
    for rule in rules:
        tokens = rule.template_tokens(hosts)
        if not tokens or any(token.lower().encode() in lower for token in tokens):
            return True
    return False


def _finding(template: Template, code: str, hit: TemplateHit) -> Finding:
    line, column = template.position(hit.start)
    end_line, end_column = template.position(hit.end)
    return Finding(
        template.path,
        line,
        column,
        code,
        hit.message,
        end_line=end_line,
        end_column=end_column,
        fixable=hit.replacement is not None,
        replacement=hit.replacement,
    )


def _apply(template: Template, hits: list[TemplateHit]) -> str | None:
    """The template with each hit's span replaced, proven safe before it is returned: spans do not overlap,
    every byte outside them is unchanged, the result reads with the same engine, and the rules find none
    of the fixed reads again. None when any of that fails (the findings are then reported unfixed)."""
    ordered = sorted(hits, key=lambda h: h.start)
    if any(a.end > b.start for a, b in zip(ordered, ordered[1:])):
        return None
    source = template.source
    out, cursor = [], 0
    for hit in ordered:
        out += [source[cursor : hit.start], hit.replacement or ""]
        cursor = hit.end
    out.append(source[cursor:])
    new = "".join(out)
    try:  # outside the spans, the new text is the old one, piece by piece (the code fixes' own proof)
        prove_untouched(source, new, [Edit(h.start, h.end, h.replacement or "") for h in ordered])
    except FixRefused:
        return None
    try:
        read(template.path, new, template.engine)
    except TemplateSyntaxError:
        return None
    return new
