"""Validate stored payloads against a schema snapshot: the engine and the public Python API.

Each (version, schema) validator is built once per process and reused. jsonschema-rs gives
the fast yes/no; the reference `jsonschema` implementation explains the failures. Both mean the
same thing by "valid" (semantics.py), and tests/test_engine_agreement.py holds them to it on
generated payloads of every schema. Should they still disagree, a payload the fast engine rejects
is reported with the fast engine's own errors, never passed.
"""

from __future__ import annotations

from collections import deque
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

import jsonschema_rs

from apptlint.payload import semantics, snapshots
from apptlint.core.findings import Finding
from apptlint.payload.jsonparse import TOO_DEEP_TO_EDIT, too_deep_to_edit
from apptlint.payload.positions import escape_token, pointer_tokens
from apptlint.payload.recognize import Target, targets
from apptlint.payload.rule import Target as Checked
from apptlint.payload.ruleset import finding

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

    from apptlint.payload.ruleset import PayloadRuleSet

DEFAULT_MAX_ERRORS = 10
# A list longer than this is explained item by item, only where the fast engine says an item fails.
EXPLAIN_ITEMWISE = 64
VALUE_PREVIEW = 60


@lru_cache(maxsize=None)
def _rs_registry():
    return jsonschema_rs.Registry([(snapshots.document_uri(v), snapshots.document(v)) for v in snapshots.versions()])


class SchemaValidator:
    def __init__(self, version: str, name: str, engine: str = "auto"):
        root = snapshots.ref_schema(version, name)
        self.version, self.name, self.root = version, name, root
        self.fast = None
        if engine in ("auto", "rust"):
            self.fast = jsonschema_rs.validator_for(
                root, registry=_rs_registry(), validate_formats=True, formats=semantics.CUSTOM_FORMATS
            )

    @cached_property
    def reference(self):
        """The jsonschema validator: built on first use, since valid payloads never need it (nor its import)."""
        return semantics.reference_class()(self.root, registry=snapshots.registry(), format_checker=_format_checker())

    def is_valid(self, value) -> bool:
        if self.fast is not None:
            try:
                return self.fast.is_valid(value)
            except (ValueError, TypeError, OverflowError):
                pass  # a value jsonschema-rs cannot take (e.g. a >64-bit int): ask the reference engine
        return self.reference.is_valid(value)

    def errors(self, value) -> list[ValidationError]:
        """The failures, with anyOf/oneOf narrowed to their best-matching branch.

        The reference engine walks the whole value to explain it, which for an envelope of 100,000
        items costs minutes; so long lists of one kind are explained item by item, only the items
        the fast engine rejects, and the rest of the value with the list emptied. The result is
        the same, since such a list's schema says nothing but `type: array` and `items`."""
        from jsonschema.exceptions import best_match

        lists = {
            prop: item
            for prop, item in _item_lists(self.version, self.name).items()
            if isinstance(value, dict) and isinstance(value.get(prop), list) and len(value[prop]) > EXPLAIN_ITEMWISE
        }
        rest = {**value, **{prop: [] for prop in lists}} if lists else value
        found = []
        for error in self.reference.iter_errors(rest):
            while error.validator in ("anyOf", "oneOf") and error.context:
                error = best_match(_drop_wrong_type_branches(error.context))
            found.append(error)
        for prop, item in lists.items():
            check = validator(self.version, item)
            for index, element in enumerate(value[prop]):
                if check.is_valid(element):
                    continue
                tops: dict[int, ValidationError] = {}
                for error in check.errors(element):
                    found.append(error)
                    while error.parent is not None:  # a narrowed anyOf branch: its path is relative to its parent
                        error = error.parent
                    tops[id(error)] = error
                for top in tops.values():
                    top.path.extendleft((index, prop))  # extendleft reverses: the path becomes prop/index/...
        if not found and self.fast is not None:
            found = self._fast_errors(value)
        return sorted(_one_per_required(found), key=lambda e: (_document_order(e.absolute_path), e.validator))

    def _fast_errors(self, value) -> list:
        """The fast engine's own errors, for a value it rejects and the reference accepts (they should agree)."""
        assert self.fast is not None
        try:
            return [FastEngineError(e) for e in self.fast.iter_errors(value)]
        except (ValueError, TypeError, OverflowError):
            return []


class FastEngineError:
    """A jsonschema-rs error, shaped like the parts of jsonschema's ValidationError the rules read."""

    def __init__(self, error):
        kind = type(error.kind).__name__  # "AdditionalProperties": the keyword, as the schema spells it
        self.validator = "fast-engine:" + kind[:1].lower() + kind[1:]
        self.validator_value = None
        self.message = error.message
        self.instance = error.instance
        self.absolute_path = self.path = deque(error.instance_path)  # extended in place, as jsonschema's are
        self.absolute_schema_path = list(error.schema_path)
        self.parent = None


@lru_cache(maxsize=None)
def _format_checker():
    return semantics.format_checker(semantics.formats_used(*(snapshots.document(v) for v in snapshots.versions())))


def _document_order(path) -> list[tuple[int, int | str]]:
    """Sort key of an instance path in the order its values appear: item 116 before item 1013."""
    return [(0, part) if isinstance(part, int) else (1, str(part)) for part in path]


def _one_per_required(errors: list[ValidationError]) -> list[ValidationError]:
    """jsonschema raises one `required` error per missing key; the finding names them all, so keep one."""
    seen = set()
    kept = []
    for error in errors:
        if error.validator == "required":
            key = (tuple(error.absolute_path), tuple(error.absolute_schema_path))
            if key in seen:
                continue
            seen.add(key)
        kept.append(error)
    return kept


@lru_cache(maxsize=None)
def _item_lists(version: str, name: str) -> dict[str, str]:
    """Properties of `name` that are plain lists of one component (`type: array`, `items: {$ref}`, nothing else)."""
    lists = {}
    for prop, schema in snapshots.schema(version, name).get("properties", {}).items():
        ref = schema.get("items", {}).get("$ref", "") if isinstance(schema, dict) else ""
        rules = {k for k in schema if k not in ("description",) and not k.startswith("x-")} if ref else set()
        if rules == {"type", "items"} and schema["type"] == "array" and set(schema["items"]) == {"$ref"}:
            lists[prop] = ref.rsplit("/", 1)[-1]
    return lists


def _drop_wrong_type_branches(errors):
    """In `anyOf: [X, {type: null}]`, an object's real problem is inside X, not "is not null"."""
    wrong_type = {e.schema_path[0] for e in errors if e.validator == "type" and not e.relative_path}
    kept = [e for e in errors if e.schema_path[0] not in wrong_type]
    return kept or errors


def validator(version: str, name: str, engine: str = "auto") -> SchemaValidator:
    return _validator(version, name, engine)  # one cache key however `engine` is passed


@lru_cache(maxsize=None)
def _validator(version: str, name: str, engine: str) -> SchemaValidator:
    snapshots.schema(version, name)
    return SchemaValidator(version, name, engine)


@lru_cache(maxsize=None)
def personal_fields() -> frozenset[str]:
    """Property names whose values are personal data, marked `x-apptlint-personal-data` in the snapshots."""
    names = set()

    def walk(node):
        if isinstance(node, dict):
            for key, prop in node.get("properties", {}).items():
                if isinstance(prop, dict) and prop.get("x-apptlint-personal-data"):
                    names.add(key)
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    for v in snapshots.versions():
        walk(snapshots.document(v))
    return frozenset(names)


def escape_pointer_part(part) -> str:
    return escape_token(str(part))


def pointer_of(prefix: str, path) -> str:
    return prefix + "".join("/" + escape_pointer_part(p) for p in path)


def _shown(value, pointer: str, show_values: bool) -> str:
    parts = pointer.split("/")
    if not show_values and any(p in personal_fields() for p in parts):
        return ""
    text = repr(value)
    if len(text) > VALUE_PREVIEW:
        text = text[: VALUE_PREVIEW - 3] + "..."
    return f" (got {text})"


def describe(error: ValidationError, pointer: str, show_values: bool) -> str:
    kind, expected = error.validator, error.validator_value
    got = _shown(error.instance, pointer, show_values)
    if isinstance(error, FastEngineError):
        # The engines disagree (a bug to report). Its message quotes the value: kept out for personal data.
        return (
            f"fails {kind.partition(':')[2]} (fast engine: {error.message if got else 'value hidden, --show-values'})"
        )
    if kind == "required":
        missing = [p for p in expected if isinstance(error.instance, dict) and p not in error.instance]
        return (
            "missing required propert" + ("y " if len(missing) == 1 else "ies ") + ", ".join(f"'{m}'" for m in missing)
        )
    if kind == "type":
        types = expected if isinstance(expected, list) else [expected]
        return f"must be of type {' or '.join(types)}, got {_json_type(error.instance)}" + (got if show_values else "")
    if kind == "format":
        return f"is not a valid '{expected}'{got}"
    if kind == "pattern":
        return f"does not match pattern {expected!r}{got}"
    if kind == "enum":
        return f"must be one of {', '.join(map(repr, expected))}{got}"
    if kind == "const":
        return f"must be {expected!r}{got}"
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        sign = {"minimum": ">=", "maximum": "<=", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}[kind]
        return f"must be {sign} {expected}{got}"
    return f"fails '{kind}' ({expected!r}){got}"


def _json_type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else type(value).__name__


def resolve_pointer(payload, pointer: str):
    if not pointer:
        return payload
    value = payload
    for part in pointer_tokens(pointer):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


def check_target(
    payload,
    target: Target,
    version: str,
    rules: PayloadRuleSet | None,
    *,
    show_values=False,
    max_errors=DEFAULT_MAX_ERRORS,
    path="<payload>",
    line=None,
    engine="auto",
    migratable_check=True,
    upgrade_blocked: str | None = None,
) -> tuple[bool, list[Finding]]:
    """Validate one recognised value and run the payload rules on it (none when `rules` is None).

    `upgrade_blocked` says why `migrate` leaves this payload as it is whatever its shape (a duplicate key).

    Returns (valid, findings).
    """
    if target.schema is None:
        checked = Checked(None, version, target.pointer, payload, False)
    else:
        value = resolve_pointer(payload, target.pointer)
        check = validator(version, target.schema, engine)
        valid = check.is_valid(value)
        checked = Checked(
            target.schema,
            version,
            target.pointer,
            value,
            valid,
            show_values=show_values,
            max_errors=max_errors,
            validator=check,
        )
        if not valid and migratable_check and rules is not None:
            checked.migratable_from = migratable_from(value, target.schema, version, check, engine)
            if checked.migratable_from is not None:
                from apptlint.payload.migration import upgrade_obstacle  # migration builds on this module

                if upgrade_blocked is None and too_deep_to_edit(payload):
                    upgrade_blocked = TOO_DEEP_TO_EDIT
                checked.migration_obstacle = upgrade_blocked or upgrade_obstacle(value, target.schema, version)
    if rules is None:
        return checked.valid, []
    findings = [
        finding(issue, code, path, line, version) for code, hook in rules.target_checks for issue in hook(checked)
    ]
    return checked.valid, findings


def migratable_from(value, schema: str, version: str, check: SchemaValidator, engine: str = "auto") -> str | None:
    """The newest older version `value` is valid under, if it fails `version` only for lacking what migrate adds."""
    for old in reversed([v for v in snapshots.versions() if snapshots.version_key(v) < snapshots.version_key(version)]):
        if (
            schema in snapshots.schemas(old)
            and validator(old, schema, engine).is_valid(value)
            and only_missing_migration_fields(value, schema, version, check)
        ):
            return old
    return None


@lru_cache(maxsize=None)
def migration_fields(version: str) -> frozenset[str]:
    """What `apptlint migrate` can add: the flat `*_url` fields and the `urls` keys they mirror."""
    fields = {field for mapping in snapshots.flat_replacements(version).values() for field in mapping.values()}
    return frozenset(fields | set(snapshots.url_key_map(version)))


PLACEHOLDER_URL = "https://placeholder.invalid/"


def only_missing_migration_fields(value, schema: str, version: str, check: SchemaValidator) -> bool:
    """True when `value` fails `check` only for lacking what `apptlint migrate` adds (flat `*_url` fields, `urls` keys).

    Asked by filling the gaps with placeholders and validating again: one fast yes/no instead of
    listing every error, which costs jsonschema-rs tens of microseconds each (it copies the instance).
    """
    filled = _with_placeholders(value, schema, version)
    return filled is not value and check.is_valid(filled)


def _with_placeholders(value, schema: str, version: str):
    """A copy of `value` whose appointments get placeholders for missing migration fields; `value` if none lacks any."""
    copy = value
    for _, inner, appt, prop, index in _appointment_slots(value, schema, "", version):
        filled = _filled_appointment(appt, inner, version)
        if filled is appt:
            continue
        if prop is None:
            return filled
        if copy is value:
            copy = dict(value)
        if index is None:
            copy[prop] = filled
        else:
            if copy[prop] is value[prop]:
                copy[prop] = list(value[prop])
            copy[prop][index] = filled
    return copy


def _filled_appointment(appt, schema: str, version: str):
    if not isinstance(appt, dict):
        return appt
    replacements = snapshots.flat_replacements(version)[schema]
    missing_flat = [flat for flat in replacements.values() if flat not in appt]
    urls = appt.get("urls")
    missing_keys = [key for key in replacements if isinstance(urls, dict) and key not in urls]
    if not missing_flat and not missing_keys:
        return appt
    filled = {**appt, **{flat: PLACEHOLDER_URL for flat in missing_flat}}
    if missing_keys:
        filled["urls"] = {**(urls or {}), **{key: [PLACEHOLDER_URL] for key in missing_keys}}
    return filled


def appointments_within(value, schema: str, pointer: str, version: str):
    """(pointer, schema, object) for every Appointment/PublicAppointment reached by direct $refs."""
    for where, inner, appt, _, _ in _appointment_slots(value, schema, pointer, version):
        yield where, inner, appt


def _appointment_slots(value, schema: str, pointer: str, version: str):
    """As appointments_within, plus where each sits: (property, list index), or (None, None) for `value` itself."""
    if schema in snapshots.flat_replacements(version):
        yield pointer, schema, value, None, None
        return
    if not isinstance(value, dict):
        return
    for prop, inner, is_list in _slot_properties(version, schema):
        item = value.get(prop, _ABSENT)
        if item is _ABSENT:
            continue
        if not is_list:
            yield f"{pointer}/{prop}", inner, item, prop, None
        elif isinstance(item, list):
            for index, element in enumerate(item):
                yield f"{pointer}/{prop}/{index}", inner, element, prop, index


_ABSENT = object()


@lru_cache(maxsize=None)
def _slot_properties(version: str, schema: str) -> tuple:
    """(property, appointment schema, holds a list) for each property of `schema` that $refs an appointment."""
    found = []
    for prop, spec in snapshots.schema(version, schema).get("properties", {}).items():
        ref = spec.get("$ref") or spec.get("items", {}).get("$ref")
        inner = ref.rsplit("/", 1)[-1] if ref else None
        if inner in snapshots.flat_replacements(version):
            found.append((prop, inner, "items" in spec))
    return tuple(found)


def validate_payload(
    obj,
    version: str | None = None,
    schema: str | None = None,
    *,
    show_values: bool = False,
    max_errors: int = DEFAULT_MAX_ERRORS,
) -> list[Finding]:
    """Check one parsed payload; returns findings (empty when valid). Picklable, so it runs in other engines.

    `version` defaults to the newest snapshot; `schema` forces a component schema instead of recognising
    the payload by shape. Findings carry `path="<payload>"` and no line.
    """
    from apptlint.payload.ruleset import default_ruleset

    version = snapshots.check_version(version or snapshots.latest_version())
    found = [Target("", schema)] if schema else targets(obj)
    if schema:
        snapshots.schema(version, schema)
    rules = default_ruleset()
    findings: list[Finding] = []
    for target in found:
        findings.extend(check_target(obj, target, version, rules, show_values=show_values, max_errors=max_errors)[1])
    return findings
