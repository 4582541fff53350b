"""Which files are templates: cheap enough to decide before any template engine or rule is loaded."""

from __future__ import annotations

from apptlint.core.config import Settings
from apptlint.core.files import matches_path

TEMPLATE_SUFFIXES = (".jinja", ".jinja2", ".j2", ".html", ".htm", ".txt", ".xml")


def is_template(path: str, settings: Settings) -> bool:
    return matches_path(path, settings.template_globs)
