"""apptlint: lint code, validate and migrate stored payloads for the appointments API 1.5.0 -> 1.6.0 change.

The Python API is `check_source` (code) and `validate_payload` (stored payloads). Both import their
engines on first call, so `import apptlint` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

# Light: the code engine (and libcst) loads on the first call.
from apptlint.code.api import CheckResult, check_source  # noqa: E402

if TYPE_CHECKING:
    from apptlint.core.findings import Finding

__all__ = ["CheckResult", "__version__", "check_source", "validate_payload"]


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
