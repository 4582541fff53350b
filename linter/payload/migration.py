"""Upgrade one stored payload to a newer snapshot by adding fields, never by rewriting what is there.

The plan comes from the target snapshot: every flat field with `x-replaces: "urls.K"` that an
Appointment or PublicAppointment lacks is set from `urls.K[0]`, and every `urls` key the target
requires is filled from its flat field. Nothing is guessed: a value with no source makes the
payload "needs a refetch", unless `derive_missing` may take it from the sibling URLs' shared
`.../c/appointments/<id>/` prefix.

The edit is applied to the original bytes: new members are appended to their objects, and every
other byte is kept. When re-serialising the parsed payload reproduces the input exactly (the usual
case for machine-written JSON), the edited payload is re-serialised the same way; otherwise the
members are spliced in at positions found by `json_source_map`.
"""

from __future__ import annotations

import copy
import json
import re

import orjson
from dataclasses import dataclass, field

from apptlint.payload import snapshots
from apptlint.payload.positions import escape_token, pointer_tokens
from apptlint.payload.recognize import targets
from apptlint.payload.validation import appointments_within, resolve_pointer, validator

ACTION_URL = re.compile(r"^(?P<prefix>.*/c/appointments/(?P<id>[^/?#]+)/)[^/?#]+$")


@dataclass
class Addition:
    pointer: str  # the object that gains a member
    key: str
    value: object


@dataclass
class Plan:
    additions: list[Addition] = field(default_factory=list)
    refetch: list[str] = field(default_factory=list)  # human-readable reasons
    missing: list[str] = field(default_factory=list)  # JSON pointers of the values only a refetch can give
    derived: list[tuple[str, str]] = field(default_factory=list)  # (pointer, message)


def steps(target: str) -> list[str]:
    """The versions a payload passes through on its way to `target`: every snapshot after the oldest, up to it."""
    ordered = snapshots.versions()
    return [v for v in ordered[1:] if snapshots.version_key(v) <= snapshots.version_key(target)]


def plan(payload, version: str, derive_missing: bool = False) -> Plan:
    result = Plan()
    for target in targets(payload):
        if target.schema is not None:
            _plan_value(
                resolve_pointer(payload, target.pointer), target.schema, target.pointer, version, derive_missing, result
            )
    return result


def _plan_value(value, schema: str, at: str, version: str, derive: bool, result: Plan) -> None:
    if schema not in snapshots.schemas(version):
        return
    for pointer, appt_schema, appt in appointments_within(value, schema, at, version):
        if isinstance(appt, dict):
            _plan_appointment(appt, appt_schema, pointer, version, derive, result)


def upgrade_obstacle(value, schema: str, version: str) -> str | None:
    """Why `apptlint migrate` (without --derive-missing) would not upgrade `value`, a `schema` object,
    to `version`; None when it would write a payload valid under `version`. Runs the same plan on a copy."""

    def attempt(derive: bool) -> str | None:
        upgraded, blocked = upgrade_in_memory(value, [("", schema)], version, derive)
        if blocked is not None:
            return "; ".join(dict.fromkeys(blocked.refetch))
        if not validator(version, schema).is_valid(upgraded):
            return f"the upgraded payload would still fail {version} (see `apptlint migrate`, APT303)"
        return None

    reason = attempt(False)
    if reason is None:
        return None
    reason = reason.replace(" (try --derive-missing)", "")
    return reason + "; `--derive-missing` can derive what is missing" if attempt(True) is None else reason


def upgrade_in_memory(payload, found: list[tuple[str, str]], version: str, derive: bool) -> tuple[object, Plan | None]:
    """`payload` with the values at `found` ((pointer, schema) pairs) upgraded step by step to `version`,
    copying only what changes; or (payload, the plan of the step that needs a refetch)."""
    upgraded = payload
    for step in steps(version):
        todo = Plan()
        for pointer, schema in found:
            _plan_value(resolve_pointer(upgraded, pointer), schema, pointer, step, derive, todo)
        if todo.refetch:
            return payload, todo
        upgraded = _with_additions(upgraded, todo.additions)
    return upgraded, None


def _plan_appointment(appt: dict, schema: str, pointer: str, version: str, derive: bool, result: Plan) -> None:
    mapping = snapshots.flat_replacements(version).get(schema, {})
    body = snapshots.schema(version, schema)
    urls = appt.get("urls")
    if not isinstance(urls, dict):
        return  # not an appointment shape migrate can work on; validation reports it
    required_keys = body["properties"]["urls"].get("required", [])
    name = appt.get("id", "?")

    def first(key):
        listed = urls.get(key)
        if isinstance(listed, list) and listed and isinstance(listed[0], str):
            return listed[0]
        return None

    derived_cache = {}

    def derived(key):
        if key not in derived_cache:
            derived_cache[key] = _derive(appt, urls, mapping, key) if derive else None
        return derived_cache[key]

    for key in required_keys:
        if key in urls:
            continue
        flat = mapping.get(key)
        source = appt.get(flat) if flat and isinstance(appt.get(flat), str) else derived(key)
        if source is None:
            result.missing.append(f"{pointer}/urls/{key}")
            result.refetch.append(
                f"appointment {name} lacks `urls.{key}`"
                + ("" if derive else " (try --derive-missing)")
                + "; it needs a refetch from the API"
            )
            continue
        if not (flat and flat in appt):
            result.derived.append((f"{pointer}/urls/{key}", f"derived `urls.{key}` = {source} for appointment {name}"))
        result.additions.append(Addition(f"{pointer}/urls", key, [source]))
    for key, flat in mapping.items():
        if flat in appt:
            continue
        source = first(key) or derived(key)
        if source is None:
            if key in urls or key not in required_keys:  # a missing required urls key was reported above
                result.missing.append(f"{pointer}/{flat}")
                result.refetch.append(
                    f"appointment {name} lacks `{flat}` and `urls.{key}[0]`; it needs a refetch from the API"
                )
            continue
        if first(key) is None:
            result.derived.append((f"{pointer}/{flat}", f"derived `{flat}` = {source} for appointment {name}"))
        result.additions.append(Addition(pointer, flat, source))


def _derive(appt: dict, urls: dict, mapping: dict, key: str) -> str | None:
    """`.../c/appointments/<id>/<key>`, only when every sibling URL agrees on the prefix and the id."""
    siblings = [v[0] for k, v in urls.items() if isinstance(v, list) and v and isinstance(v[0], str)]
    siblings += [appt[f] for f in mapping.values() if isinstance(appt.get(f), str)]
    if not siblings:
        return None
    prefixes = set()
    for url in siblings:
        match = ACTION_URL.match(url)
        if not match or (isinstance(appt.get("id"), str) and match.group("id") != appt["id"]):
            return None
        prefixes.add(match.group("prefix"))
    return prefixes.pop() + key if len(prefixes) == 1 else None


def _with_additions(value, additions: list[Addition]):
    """`value` with `additions` made, copying only the containers on their way: `value` itself is untouched
    (a deep copy of every payload validate calls migratable would cost more than validating it)."""
    if not additions:
        return value
    copies: dict[str, object] = {"": copy.copy(value)}
    for add in additions:
        node, pointer = copies[""], ""
        for token in pointer_tokens(add.pointer):
            pointer += "/" + escape_token(token)
            if pointer not in copies:
                index = int(token) if isinstance(node, list) else token
                copies[pointer] = child = copy.copy(node[index])  # type: ignore[index]
                node[index] = child  # type: ignore[index]
            node = copies[pointer]
        node[add.key] = add.value  # type: ignore[index]
    return copies[""]


# ---- applying a plan to bytes -----------------------------------------------------------------


def apply(data: bytes, payload, additions: list[Addition]) -> tuple[bytes, object | None]:
    """The payload's bytes with `additions` appended to their objects; all other bytes unchanged.

    Returns the new bytes and, when the fast path ran, the upgraded value they serialise
    (`payload`, edited in place); None asks the caller to parse the bytes itself.
    """
    style = _reproducing_style(data, payload, additions)
    if style is not None:
        objects: dict[str, dict] = {}
        for add in additions:
            if add.pointer not in objects:
                objects[add.pointer] = resolve_pointer(payload, add.pointer)
            objects[add.pointer][add.key] = add.value
        body = _dumps(payload, style)
        return data[: style["lead"]] + body + data[style["lead"] + style["length"] :], payload
    return _splice(data, additions), None


def _likely_style(body: bytes) -> dict | None:
    """The one json.dumps layout that could have written `body`, read off its bytes."""
    ascii_only = body.isascii()
    if b"\n" not in body:
        separators = (", ", ": ") if b'": ' in body else (",", ":")
        return {"indent": None, "separators": separators, "ensure_ascii": ascii_only}
    second = body.split(b"\n", 2)[1]
    indent = second[: len(second) - len(second.lstrip())].decode("ascii", "replace")
    return {"indent": indent, "separators": (",", ": "), "ensure_ascii": ascii_only} if indent else None


def _dumps(value, style) -> bytes:
    if "orjson" in style:
        return orjson.dumps(value, option=style["orjson"])
    options = {k: style[k] for k in ("indent", "separators", "ensure_ascii")}
    return json.dumps(value, **options).encode("utf-8")


# orjson writes compact JSON, or json.dumps(indent=2)'s layout, ten times faster; tried first where it could have
# written the body. Its output is only used when it reproduces the body exactly, like json.dumps's.
ORJSON_STYLES = {(None, (",", ":")): 0, ("  ", (",", ": ")): orjson.OPT_INDENT_2}


def _reproducing_style(data: bytes, payload, additions=()):
    body = data.strip()
    style = _likely_style(body)
    if style is not None and (style["indent"], style["separators"]) in ORJSON_STYLES:
        # orjson never escapes non-ASCII: an ASCII-only body keeps its style only if what is added is ASCII too.
        if not style["ensure_ascii"] or all(_ascii(a.value) for a in additions):
            fast = {"orjson": ORJSON_STYLES[(style["indent"], style["separators"])]}
            try:
                reproduces = orjson.dumps(payload, option=fast["orjson"]) == body
            except orjson.JSONEncodeError:  # an integer beyond 64 bits: json.dumps can write it
                reproduces = False
            if reproduces:
                return {**fast, "lead": len(data) - len(data.lstrip()), "length": len(body)}
    if style is not None and _dumps(payload, style) == body:
        return {**style, "lead": len(data) - len(data.lstrip()), "length": len(body)}
    return None


def _ascii(value) -> bool:
    if isinstance(value, str):
        return value.isascii()
    return orjson.dumps(value).isascii()


def _splice(data: bytes, additions: list[Addition]) -> bytes:
    from json_source_map import calculate

    text = data.decode("utf-8")
    positions = calculate(text)
    inserts: dict[int, list[str]] = {}
    for add in additions:
        obj = positions[add.pointer]
        members = [p for p in positions if p.startswith(add.pointer + "/") and "/" not in p[len(add.pointer) + 1 :]]
        last = max(members, key=lambda p: positions[p].value_end.position)
        first_member = min(members, key=lambda p: positions[p].key_start.position)
        key_sep = text[positions[first_member].key_end.position : positions[first_member].value_start.position]
        if len(members) > 1:
            second = sorted(members, key=lambda p: positions[p].key_start.position)[1]
            member_sep = text[positions[first_member].value_end.position : positions[second].key_start.position]
        else:
            member_sep = "," + text[obj.value_start.position + 1 : positions[first_member].key_start.position]
        value_text = json.dumps(add.value, ensure_ascii=False)
        if isinstance(add.value, list):
            value_text = _list_like_sibling(text, positions, members, add.value) or value_text
        piece = member_sep + json.dumps(add.key, ensure_ascii=False) + key_sep + value_text
        inserts.setdefault(positions[last].value_end.position, []).append(piece)
    out, cursor = [], 0
    for at in sorted(inserts):
        out.append(text[cursor:at])
        out.extend(inserts[at])
        cursor = at
    out.append(text[cursor:])
    return "".join(out).encode("utf-8")


def _list_like_sibling(text, positions, members, value) -> str | None:
    """Lay out a new one-string list like an existing one-string sibling list, e.g. over three lines."""
    for member in members:
        element = positions.get(member + "/0")
        if element is not None and positions.get(member + "/1") is None and text[element.value_start.position] == '"':
            whole = text[positions[member].value_start.position : positions[member].value_end.position]
            inner_start = element.value_start.position - positions[member].value_start.position
            inner_end = element.value_end.position - positions[member].value_start.position
            return whole[:inner_start] + json.dumps(value[0], ensure_ascii=False) + whole[inner_end:]
    return None


def is_valid_after(payload, version: str) -> bool:
    found = targets(payload)
    return bool(found) and all(
        t.schema is not None and validator(version, t.schema).is_valid(resolve_pointer(payload, t.pointer))
        for t in found
    )
