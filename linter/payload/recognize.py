"""Decide what a stored payload is, by shape, so it can be checked against the right schema.

A payload may be a bare object (`object` discriminator), a response envelope
(`{data: {...}}`, `{data: [...], meta}`), event data (`{object: {...}}`), or a webhook
event wrapping event data (`{type, data: {object: {...}}}`).

Which kinds exist, their discriminators, the keys that tell an object without one, and which
schema wraps which all come from the snapshot (`x-apptlint-recognize` on a component schema;
`x-event-type` on event data), so a new snapshot brings its own kinds.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from apptlint.payload import snapshots


@dataclass(frozen=True)
class Target:
    pointer: str  # where the checked value sits inside the payload ("" = the whole payload)
    schema: str | None  # None: the value here is not a kind apptlint knows


@dataclass(frozen=True)
class Kinds:
    discriminators: dict[str, str]  # `object` value -> schema
    by_keys: tuple[tuple[frozenset[str], str], ...]  # (keys an object of the kind always has, schema)
    envelopes: dict[str, str]  # kind -> its `{data: kind}` response schema
    lists: dict[str, str]  # kind -> its `{data: [kind], meta}` response schema
    events: dict[str, str]  # webhook event type -> event-data schema


@lru_cache(maxsize=None)
def kinds(version: str | None = None) -> Kinds:
    version = version or snapshots.latest_version()
    discriminators, by_keys, envelopes, lists, events = {}, [], {}, {}, {}
    for name, body in snapshots.schemas(version).items():
        recognize = body.get("x-apptlint-recognize", {})
        if "discriminator" in recognize:
            discriminators[recognize["discriminator"]] = name
        if "keys" in recognize:
            by_keys.append((frozenset(recognize["keys"]), name))
        if "envelope-of" in recognize:
            envelopes[recognize["envelope-of"]] = name
        if "list-of" in recognize:
            lists[recognize["list-of"]] = name
        if "x-event-type" in body:
            events[body["x-event-type"]] = name
    return Kinds(discriminators, tuple(by_keys), envelopes, lists, events)


def event_schemas() -> dict[str, str]:
    return kinds().events


def kind_of(value) -> str | None:
    if not isinstance(value, dict):
        return None
    known = kinds()
    tag = value.get("object")
    if isinstance(tag, str):
        return known.discriminators.get(tag)
    for keys, name in known.by_keys:
        if keys <= value.keys():
            return name
    return None


def targets(payload, event_type: str | None = None, pointer: str = "") -> list[Target]:
    """What to validate in `payload`; a Target with schema None marks a value of unknown kind."""
    known = kinds()
    kind = kind_of(payload)
    if kind:
        return [Target(pointer, kind)]
    if not isinstance(payload, dict):
        return [Target(pointer, None)]
    inner = payload.get("object")
    if isinstance(inner, dict):
        event_schema = known.events.get(event_type or payload.get("type") or "")
        if event_schema and kind_of(inner) == _event_subject(event_schema):
            return [Target(pointer, event_schema)]
        return targets(inner, None, f"{pointer}/object")
    data = payload.get("data")
    if isinstance(data, dict):
        inner_kind = kind_of(data)
        if inner_kind in known.envelopes and set(payload) <= {"data"}:
            return [Target(pointer, known.envelopes[inner_kind])]
        return targets(data, payload.get("type") if isinstance(payload.get("type"), str) else None, f"{pointer}/data")
    if isinstance(data, list):
        for item_kind, response in known.lists.items():
            if "meta" in payload and data and all(kind_of(item) == item_kind for item in data):
                return [Target(pointer, response)]
        found = [t for i, item in enumerate(data) for t in targets(item, None, f"{pointer}/data/{i}")]
        if "meta" in payload:
            meta = _meta_schema(known)
            if meta:
                found.append(Target(f"{pointer}/meta", meta))
        return found or [Target(pointer, None)]
    return [Target(pointer, None)]


@lru_cache(maxsize=None)
def _event_subject(event_schema: str) -> str | None:
    """The kind an event-data schema's `object` holds (its `$ref`)."""
    ref = snapshots.schema(snapshots.latest_version(), event_schema).get("properties", {}).get("object", {}).get("$ref")
    return ref.rsplit("/", 1)[-1] if ref else None


def _meta_schema(known: Kinds) -> str | None:
    for response in known.lists.values():
        ref = snapshots.schema(snapshots.latest_version(), response).get("properties", {}).get("meta", {}).get("$ref")
        if ref:
            return ref.rsplit("/", 1)[-1]
    return None
