"""Decide what a stored payload is, by shape, so it can be checked against the right schema.

A payload may be a bare object (`object` discriminator), a response envelope
(`{data: {...}}`, `{data: [...], meta}`), event data (`{object: {...}}`), or a webhook
event wrapping event data (`{type, data: {object: {...}}}`).

Which kinds exist, their discriminators, the keys that tell an object without one, and which
schema wraps which all come from the snapshot (`x-apptlint-recognize` on a component schema;
`x-event-type` on event data), so a new snapshot brings its own kinds.

Recognition does not depend on validity: an appointment that lost one of the keys that tell it,
a list envelope whose `data` is null or that lost its `meta`, is still recognised, so that the
schema can say what is wrong with it. `shows_this_api` tells a document that is plainly another
file (`package.json`) from one that only fails to be recognised (`"object": "clientx"`).
"""

from __future__ import annotations

import difflib
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
    # All of a kind's telling keys, or all but one of them (a value that lost one is still that kind, and
    # invalid): the kind with the most wins. One key alone (`urls`) is too common in other APIs to tell.
    best, best_count = None, 1
    for keys, name in known.by_keys:
        count = len(keys & value.keys())
        if count > best_count and count >= len(keys) - 1:
            best, best_count = name, count
    return best


def near_miss(tag) -> str | None:
    """The known discriminator an unknown `object` value is probably a typo of ('clientx' -> 'client')."""
    if not isinstance(tag, str):
        return None
    known = sorted(kinds().discriminators)
    folded = {name.lower(): name for name in known}
    if tag.strip().lower() in folded:
        return folded[tag.strip().lower()]
    close = difflib.get_close_matches(tag, known, n=1, cutoff=0.75)
    return close[0] if close else None


def shows_this_api(payload) -> bool:
    """Whether `payload` has any sign of this API: a kind apptlint recognises, an `object` discriminator that
    is a near miss of a known one, a list envelope (`data` beside `meta`) or a webhook envelope
    (`{type, data: {object}}`), here or in what it wraps. A document without one is another file.
    One walk with a stack of its own, since a hostile document may nest as deep as the parser allows."""
    if any(t.schema is not None for t in targets(payload)):
        return True
    stack = [payload]
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        if kind_of(node) or near_miss(node.get("object")) is not None or ("data" in node and "meta" in node):
            return True
        data, inner = node.get("data"), node.get("object")
        if isinstance(node.get("type"), str) and isinstance(data, dict) and isinstance(data.get("object"), dict):
            return True
        if isinstance(data, list):
            stack.extend(data)
        stack.extend(part for part in (data, inner) if isinstance(part, dict))
    return False


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
        own_type = payload.get("type")
        event_schema = known.events.get(event_type or (own_type if isinstance(own_type, str) else ""))
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
        # A list of one kind is that kind's list response, `meta` or not: the response requires `meta`.
        for item_kind, response in known.lists.items():
            if data and all(kind_of(item) == item_kind for item in data):
                return [Target(pointer, response)]
        if not data and "meta" in payload and len(known.lists) == 1:
            return [Target(pointer, next(iter(known.lists.values())))]
        found = [t for i, item in enumerate(data) for t in targets(item, None, f"{pointer}/data/{i}")]
        if "meta" in payload:
            meta = _meta_schema(known)
            if meta:
                found.append(Target(f"{pointer}/meta", meta))
        return found or [Target(pointer, None)]
    if "data" in payload and "meta" in payload and len(known.lists) == 1:
        # `{data: null, meta}`: the one list response there is, with a `data` that is not a list.
        return [Target(pointer, next(iter(known.lists.values())))]
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
