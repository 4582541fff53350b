"""`apptlint.upgrade`: the read-time upgrader, for code that reads the new fields before the data is migrated.

Event stores upcast old events as they read them; this does the same for payloads of this API, with
the rules `apptlint migrate` follows (payload/migration.py): the flat fields are taken from `urls`,
and nothing is guessed unless `derive_missing` allows the shared-prefix derivation.
"""

from __future__ import annotations

import copy
from typing import Any

from apptlint.payload import snapshots
from apptlint.payload.errors import UpgradeError
from apptlint.payload.migration import upgrade_in_memory
from apptlint.payload.recognize import targets
from apptlint.payload.validation import pointer_of, resolve_pointer, validator


def upgrade(
    payload: dict[str, Any], to: str | None = None, *, derive_missing: bool = False, validate: bool = False
) -> dict[str, Any]:
    """`payload` upgraded to snapshot `to` (default: the newest), as a new object; the input is never changed.

    Unchanged nested values are shared with the input, not copied (that is what keeps it fast): copy the
    result with `copy.deepcopy` before changing it in place. Raises `UpgradeError` naming what is missing.
    """
    snapshots.check_version(to := to or snapshots.latest_version())
    found: list[tuple[str, str]] = [(t.pointer, t.schema) for t in targets(payload) if t.schema is not None]
    if not isinstance(payload, dict) or not found:
        raise UpgradeError("not a payload of this API: no appointment, booking link or response recognised")
    upgraded, blocked = upgrade_in_memory(payload, found, to, derive_missing)
    if blocked is not None:
        reasons = "; ".join(
            dict.fromkeys(r.replace("--derive-missing", "derive_missing=True") for r in blocked.refetch)
        )
        raise UpgradeError(f"cannot upgrade to {to}: {reasons}", tuple(blocked.missing))
    if upgraded is payload:
        upgraded = copy.copy(payload)
    if validate:
        for pointer, schema in found:
            check = validator(to, schema)
            value = resolve_pointer(upgraded, pointer)
            if not check.is_valid(value):
                first = check.errors(value)[:1]
                where = pointer_of(pointer, first[0].absolute_path) if first else pointer
                raise UpgradeError(f"the upgraded {schema} is not valid under {to} (at {where or '/'})")
    return upgraded  # type: ignore[return-value]  # a copy of the dict given
