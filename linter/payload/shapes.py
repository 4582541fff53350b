"""What shape a stored payload is in, for `validate --detect-version`.

"Valid under 1.5.0 and 1.6.0" does not say whether a payload still needs migrating: 1.6.0 allows
payloads that carry only some flat fields. The shape does:
- `<old>-shaped`: its appointments have `urls` and none of the flat fields that replace them;
- `<new>-shaped`: every flat field is there and agrees with `urls`;
- `mixed`: some flat fields there and some missing, flat fields that disagree with `urls`, or
  appointments of both kinds in one payload;
- `unknown-newer`: otherwise valid, with members no snapshot defines (the API moved on).
Versions are the snapshots' own: `<old>` is the newest one without flat fields, `<new>` the newest.
A payload without appointments is shaped like the newest version it is valid under.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from apptlint.payload import snapshots
from apptlint.payload.positions import escape_token
from apptlint.payload.recognize import Target
from apptlint.payload.validation import appointments_within, resolve_pointer

MIXED = "mixed"
UNKNOWN_NEWER = "unknown-newer"


@dataclass
class Shape:
    name: str | None  # None: valid under no snapshot and nothing to go by
    unknown_members: list[str] = field(default_factory=list)  # JSON pointers, for unknown-newer
    reasons: list[str] = field(default_factory=list)  # for mixed


def shape_of(payload, found: list[Target], valid_under: list[str]) -> Shape:
    latest = snapshots.latest_version()
    kinds: set[str] = set()
    reasons: list[str] = []
    for target in found:
        if target.schema is None or target.schema not in snapshots.schemas(latest):
            continue
        value = resolve_pointer(payload, target.pointer)
        for pointer, schema, appt in appointments_within(value, target.schema, target.pointer, latest):
            kind, why = _appointment_shape(appt, schema)
            if kind is not None:
                kinds.add(kind)
                reasons.extend(f"{pointer or '/'}: {w}" for w in why)
    if MIXED in kinds or len(kinds) > 1:
        return Shape(MIXED, reasons=reasons or ["appointments of more than one version"])
    unknown = []
    if valid_under:
        for target in found:
            if target.schema is not None and target.schema in snapshots.schemas(valid_under[-1]):
                value = resolve_pointer(payload, target.pointer)
                unknown.extend(_unknown(value, valid_under[-1], target.schema, target.pointer))
    if unknown:
        return Shape(UNKNOWN_NEWER, unknown_members=unknown)
    if kinds:
        return Shape(f"{kinds.pop()}-shaped")
    return Shape(f"{valid_under[-1]}-shaped" if valid_under else None)


def _appointment_shape(appt, schema: str) -> tuple[str | None, list[str]]:
    if not isinstance(appt, dict):
        return None, []
    latest = snapshots.latest_version()
    mapping = snapshots.flat_replacements(latest).get(schema, {})
    present = [flat for flat in mapping.values() if flat in appt]
    if not present:
        return (_old_version(schema), []) if isinstance(appt.get("urls"), dict) else (None, [])
    missing = [flat for flat in mapping.values() if flat not in appt]
    urls: dict = appt["urls"] if isinstance(appt.get("urls"), dict) else {}
    disagree = [
        f"`{flat}` is not `urls.{key}[0]`"
        for key, flat in mapping.items()
        if flat in appt and isinstance(urls.get(key), list) and urls[key] and urls[key][0] != appt[flat]
    ]
    why = ([f"lacks {', '.join(f'`{m}`' for m in missing)}"] if missing else []) + disagree
    return (MIXED, why) if why else (latest, [])


@lru_cache(maxsize=None)
def _old_version(schema: str) -> str:
    """The newest snapshot in which `schema` has no flat URL fields yet."""
    older = [
        v
        for v in snapshots.versions()
        if schema in snapshots.schemas(v) and not snapshots.flat_replacements(v).get(schema)
    ]
    return older[-1] if older else snapshots.versions()[0]


@lru_cache(maxsize=None)
def _known_members(name: str) -> frozenset[str]:
    """Properties `name` has in any snapshot, plus the `object` discriminator recognition reads."""
    known = set()
    for v in snapshots.versions():
        body = snapshots.schemas(v).get(name, {})
        known.update(body.get("properties", {}))
        if "discriminator" in body.get("x-apptlint-recognize", {}):
            known.add("object")
    return frozenset(known)


def _unknown(value, version: str, name: str, at: str) -> list[str]:
    return list(_walk(value, snapshots.schema(version, name), version, at, name))


def _walk(value, node, version: str, at: str, component: str | None = None):
    if not isinstance(node, dict):
        return
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith(snapshots.COMPONENT_REF):
        name = ref[len(snapshots.COMPONENT_REF) :]
        yield from _walk(value, snapshots.schema(version, name), version, at, name)
        return
    for branch in node.get("anyOf", []) + node.get("oneOf", []) + node.get("allOf", []):
        if _takes(value, branch, version):
            yield from _walk(value, branch, version, at)
    properties = node.get("properties")
    if isinstance(value, dict) and isinstance(properties, dict):
        known = _known_members(component) if component else frozenset(properties)
        for key, member in value.items():
            where = f"{at}/{escape_token(key)}"
            if key not in known and "additionalProperties" not in node:
                yield where
            elif key in properties:
                yield from _walk(member, properties[key], version, where)
    items = node.get("items")
    if isinstance(value, list) and isinstance(items, dict):
        for index, element in enumerate(value):
            yield from _walk(element, items, version, f"{at}/{index}")


def _takes(value, branch, version: str) -> bool:
    """Whether an anyOf/oneOf branch is the one for `value`, by JSON type (the snapshots' branches differ by type)."""
    if isinstance(branch, dict) and isinstance(branch.get("$ref"), str):
        branch = snapshots.schema(version, branch["$ref"].rsplit("/", 1)[-1])
    declared = branch.get("type") if isinstance(branch, dict) else None
    if declared is None:
        return isinstance(value, dict) and "properties" in branch
    types = declared if isinstance(declared, list) else [declared]
    return (
        ("object" in types and isinstance(value, dict))
        or ("array" in types and isinstance(value, list))
        or ("string" in types and isinstance(value, str))
    )
