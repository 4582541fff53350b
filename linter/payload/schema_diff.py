"""Compute and classify every change between two schema snapshots.

Classes, most severe first:
- `breaking`: stored payloads of the old shape stop validating (a new required
  property, a property that becomes required, a removed schema or property,
  a changed type/format/pattern/enum/bound).
- `deprecation`: a property becomes `deprecated: true`.
- `additive`: a new schema or optional property, a requirement dropped.
- `description`: only descriptive text changed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from apptlint.payload import snapshots

BREAKING, DEPRECATION, ADDITIVE, DESCRIPTION = "breaking", "deprecation", "additive", "description"
CLASS_ORDER = (BREAKING, DEPRECATION, ADDITIVE, DESCRIPTION)
TEXT_KEYS = {"description", "title", "examples", "example"}
# Vendor keys document the snapshot itself (provenance, migration map) and travel with the property they sit on.
IGNORED_PREFIX = "x-"


@dataclass(frozen=True)
class Change:
    kind: str  # schema-added, property-added, required-added, deprecated, description-changed, ...
    classification: str
    location: str  # e.g. "Appointment.urls.add_to_calendar"
    detail: str

    def to_json(self) -> dict:
        return asdict(self)


def diff_versions(old: str, new: str) -> list[Change]:
    old_schemas, new_schemas = snapshots.schemas(old), snapshots.schemas(new)
    changes: list[Change] = []
    for name in sorted(old_schemas.keys() | new_schemas.keys()):
        if name not in new_schemas:
            changes.append(Change("schema-removed", BREAKING, name, "schema removed"))
        elif name not in old_schemas:
            changes.append(Change("schema-added", ADDITIVE, name, "new schema"))
        else:
            _diff_node(old_schemas[name], new_schemas[name], name, changes)
    return sorted(changes, key=lambda c: (CLASS_ORDER.index(c.classification), c.location, c.kind))


def _diff_node(old: dict, new: dict, where: str, out: list[Change]) -> None:
    old_props, new_props = old.get("properties", {}), new.get("properties", {})
    old_req, new_req = set(old.get("required", ())), set(new.get("required", ()))

    for prop in sorted(old_props.keys() | new_props.keys()):
        here = f"{where}.{prop}"
        if prop not in new_props:
            out.append(Change("property-removed", BREAKING, here, "property removed"))
        elif prop not in old_props:
            if prop in new_req:
                out.append(
                    Change(
                        "required-property-added",
                        BREAKING,
                        here,
                        f"new required property ({_describe(new_props[prop])}); payloads of the old shape lack it",
                    )
                )
            else:
                out.append(
                    Change("property-added", ADDITIVE, here, f"new optional property ({_describe(new_props[prop])})")
                )
        else:
            if prop in new_req and prop not in old_req:
                out.append(Change("became-required", BREAKING, here, "property is now required"))
            elif prop in old_req and prop not in new_req:
                out.append(Change("became-optional", ADDITIVE, here, "property is no longer required"))
            _diff_node(old_props[prop], new_props[prop], here, out)

    for key in sorted((old.keys() | new.keys()) - {"properties", "required"}):
        if key.startswith(IGNORED_PREFIX):
            continue
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if key == "deprecated":
            if after and not before:
                out.append(Change("deprecated", DEPRECATION, where, "now deprecated"))
            else:
                out.append(Change("undeprecated", ADDITIVE, where, "no longer deprecated"))
        elif key in TEXT_KEYS:
            verb = "added" if before is None else "removed" if after is None else "changed"
            out.append(Change(f"{key}-{verb}", DESCRIPTION, where, f"{key} {verb}"))
        elif key == "items" and isinstance(before, dict) and isinstance(after, dict):
            _diff_node(before, after, f"{where}[]", out)
        else:
            out.append(Change("constraint-changed", BREAKING, where, f"{key}: {before!r} -> {after!r}"))


def _describe(prop: dict) -> str:
    if "$ref" in prop:
        return prop["$ref"].rsplit("/", 1)[-1]
    parts = [str(prop.get("type", "any"))]
    if "format" in prop:
        parts.append(f"format {prop['format']}")
    if "x-replaces" in prop:
        parts.append(f"replaces {prop['x-replaces']}")
    return ", ".join(parts)
