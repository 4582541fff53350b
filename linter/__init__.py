"""apptlint: lint code, validate and migrate stored payloads for the appointments API 1.5.0 -> 1.6.0 change.

The Python API is `check_source` (code), `validate_payload` (stored payloads) and `upgrade` (a stored
payload brought to a newer snapshot as it is read). Each imports its engine on first call, so
`import apptlint` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Light: the code engine (and libcst) loads on the first call.
from apptlint.code.api import CheckResult, check_source  # noqa: E402
from apptlint.payload.errors import UpgradeError  # noqa: E402

if TYPE_CHECKING:
    from apptlint.core.findings import Finding

__all__ = ["CheckResult", "UpgradeError", "__version__", "check_source", "upgrade", "validate_payload"]


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


def upgrade(
    payload: dict[str, Any], to: str | None = None, *, derive_missing: bool = False, validate: bool = False
) -> dict[str, Any]:
    """`payload` upgraded to snapshot `to` (default: the newest) the way `apptlint migrate` would, as a new object.

    For code that reads `appt["cancel_url"]` while old payloads still wait in queues and tables. The input
    is never changed; unchanged nested values are shared with it. Nothing is guessed unless `derive_missing`;
    no schema validation unless `validate`. Raises `UpgradeError` (a ValueError) naming the missing fields.
    """
    from apptlint.payload.upgrade import upgrade as run

    return run(payload, to, derive_missing=derive_missing, validate=validate)
