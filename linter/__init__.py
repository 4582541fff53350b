"""apptlint: lint code, validate and migrate stored payloads for the appointments API 1.5.0 -> 1.6.0 change.

The Python API is `check_source` (code) and `validate_payload` (stored payloads). Both import their
engines on first call, so `import apptlint` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from apptlint.code.api import CheckResult
    from apptlint.core.config import Settings
    from apptlint.core.findings import Finding

__version__ = "0.1.0"

__all__ = ["__version__", "check_source", "validate_payload"]


def check_source(
    source: str,
    path: str = "<string>",
    *,
    fix: bool = False,
    unsafe_fixes: bool = False,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    settings: Settings | None = None,
) -> CheckResult:
    """Lint Python `source` as if it were the file `path` (which per-file-ignores match).

    Returns `CheckResult(findings, fixed_source, fixed)`; `fixed_source` has the safe fixes applied when
    `fix` is true (and the unsafe ones too with `unsafe_fixes`), else it is `source` itself.
    """
    from apptlint.code.api import check_source as run

    return run(source, path, fix=fix, unsafe_fixes=unsafe_fixes, select=select, ignore=ignore, settings=settings)


def validate_payload(
    obj: object,
    version: str | None = None,
    schema: str | None = None,
    *,
    show_values: bool = False,
    max_errors: int = 10,
) -> list[Finding]:
    """Check one parsed payload; returns findings (empty when valid). Picklable, so it runs in other engines.

    `version` defaults to the newest snapshot; `schema` forces a component schema instead of recognising
    the payload by shape. Findings carry `path="<payload>"` and no line.
    """
    from apptlint.payload.validation import validate_payload as run

    return run(obj, version, schema, show_values=show_values, max_errors=max_errors)
