"""Load the versioned schema snapshots and the facts derived from them.

Everything apptlint knows about the API (which schemas exist, which fields are
deprecated and what replaces them) is read from `apptlint.schemas`, never
hard-coded elsewhere.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from apptlint.payload.errors import UnknownSchemaError


VERSION_DIR = re.compile(r"^\d+\.\d+\.\d+$")
# A folder of snapshot folders to use instead of the bundled ones: to try the next snapshot before it ships.
SCHEMA_DIR_ENV = "APPTLINT_SCHEMA_DIR"


@lru_cache(maxsize=None)
def _root():
    override = os.environ.get(SCHEMA_DIR_ENV)
    if override:
        return Path(override)
    import apptlint.schemas

    folders = list(getattr(apptlint.schemas, "__path__", ()))
    if len(folders) == 1 and os.path.isdir(folders[0]):
        return Path(folders[0])  # installed as files, the usual case: importlib.resources costs 10 ms to import
    from importlib import resources  # a zip or other importer

    return resources.files("apptlint.schemas")


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


@lru_cache(maxsize=None)
def versions() -> tuple[str, ...]:
    """Snapshot versions, oldest first."""
    root = _root()
    found = [p.name for p in root.iterdir() if p.is_dir() and VERSION_DIR.match(p.name)]
    return tuple(sorted(found, key=version_key))


def latest_version() -> str:
    return versions()[-1]


def check_version(version: str) -> str:
    if version not in versions():
        raise UnknownSchemaError(f"unknown schema version {version!r}; known: {', '.join(versions())}")
    return version


@lru_cache(maxsize=None)
def document(version: str) -> dict:
    """The OpenAPI document of one snapshot (shared, do not mutate)."""
    check_version(version)
    text = _root().joinpath(version, "openapi.json").read_text("utf-8")
    import json  # not at start-up: a check whose files pass no prefilter reads no snapshot

    return json.loads(text)


def schemas(version: str) -> dict[str, dict]:
    return document(version)["components"]["schemas"]


def schema(version: str, name: str) -> dict:
    try:
        return schemas(version)[name]
    except KeyError:
        raise UnknownSchemaError(f"schema {name!r} is not in snapshot {version}") from None


def document_uri(version: str) -> str:
    """Stable, offline id of a snapshot document; `$ref`s resolve against it."""
    return f"urn:apptlint:appointments:{version}"


def schema_uri(version: str, name: str) -> str:
    return f"{document_uri(version)}#/components/schemas/{name}"


@lru_cache(maxsize=None)
def registry():
    """An in-memory registry of every snapshot; nothing is ever retrieved."""
    # Imported here: `check` reads the snapshots but never validates, and this import is a tenth of its start-up.
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    resources_ = [
        (document_uri(v), Resource.from_contents(document(v), default_specification=DRAFT202012)) for v in versions()
    ]
    return Registry().with_resources(resources_).crawl()


def ref_schema(version: str, name: str) -> dict:
    """A root schema that validates against component `name` of `version`."""
    schema(version, name)
    return {"$schema": DRAFT_2020_12, "$ref": schema_uri(version, name)}


def example_names(version: str) -> list[str]:
    folder = _root().joinpath(version, "examples")
    return sorted(p.name[: -len(".json")] for p in folder.iterdir() if p.name.endswith(".json"))


def example(version: str, name: str):
    path = _root().joinpath(version, "examples", f"{name}.json")
    import json

    return json.loads(path.read_text("utf-8"))


@lru_cache(maxsize=None)
def flat_replacements(version: str | None = None) -> dict[str, dict[str, str]]:
    """Per schema, deprecated `urls` key -> flat field that replaces it, from `x-replaces`."""
    version = version or latest_version()
    result: dict[str, dict[str, str]] = {}
    for name, body in schemas(version).items():
        for field, prop in body.get("properties", {}).items():
            replaces = prop.get("x-replaces")
            if replaces:
                container, _, key = replaces.partition(".")
                if container != "urls":
                    raise ValueError(f"{name}.{field}: unsupported x-replaces {replaces!r}")
                result.setdefault(name, {})[key] = field
    return result


@lru_cache(maxsize=None)
def deprecated_url_keys(version: str | None = None) -> dict[str, tuple[str, ...]]:
    """Per schema with a deprecated `urls` object, its keys."""
    version = version or latest_version()
    result = {}
    for name, body in schemas(version).items():
        urls = body.get("properties", {}).get("urls")
        if urls and urls.get("deprecated"):
            result[name] = tuple(urls.get("properties", {}))
    return result


@lru_cache(maxsize=None)
def url_key_map(version: str | None = None) -> dict[str, str]:
    """Deprecated `urls` key -> flat field, across all schemas (the code rules' view)."""
    merged: dict[str, str] = {}
    for mapping in flat_replacements(version).values():
        for key, field in mapping.items():
            if merged.setdefault(key, field) != field:
                raise ValueError(f"urls.{key} maps to both {merged[key]} and {field}")
    return dict(sorted(merged.items()))


@lru_cache(maxsize=None)
def keys_without_replacement(version: str | None = None) -> tuple[str, ...]:
    """Deprecated `urls` keys that no flat field replaces in any schema."""
    mapped = url_key_map(version)
    keys = {k for ks in deprecated_url_keys(version).values() for k in ks}
    return tuple(sorted(keys - set(mapped)))


@lru_cache(maxsize=None)
def use_instead(version: str | None = None) -> dict[str, str]:
    """Deprecated `urls` key without a flat field -> the field the snapshot says to use (`x-apptlint-use-instead`)."""
    found: dict[str, str] = {}
    for body in schemas(version or latest_version()).values():
        for key, prop in body.get("properties", {}).get("urls", {}).get("properties", {}).items():
            if isinstance(prop, dict) and "x-apptlint-use-instead" in prop:
                found[key] = prop["x-apptlint-use-instead"]
    return found


def resolved(version: str, name: str) -> dict:
    """Schema `name` of `version` with every `$ref` inlined (a recursive one is left as its `$ref`)."""
    return _inline(schema(version, name), version, (name,))


def bundled(version: str, name: str) -> dict:
    """Schema `name` of `version` as one standalone JSON Schema 2020-12 document, for other tools.

    Every component it reaches is under `$defs` and the `$ref`s point there, so nothing resolves
    outside the document; `$id` names the snapshot and the component."""
    needed = _closure(version, name)

    def local(node):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(COMPONENT_REF):
                target = ref[len(COMPONENT_REF) :]
                node = {**node, "$ref": "#" if target == name else f"#/$defs/{target}"}
            return {k: local(v) if k != "$ref" else v for k, v in node.items()}
        if isinstance(node, list):
            return [local(v) for v in node]
        return node

    body = local(schema(version, name))
    document = {"$schema": DRAFT_2020_12, "$id": f"{document_uri(version)}:{name}", **body}
    defs = {other: local(schema(version, other)) for other in sorted(needed - {name})}
    if defs:
        document["$defs"] = defs
    return document


DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
COMPONENT_REF = "#/components/schemas/"


def _closure(version: str, name: str) -> set[str]:
    found, todo = {name}, [name]
    while todo:
        for other in referenced(schema(version, todo.pop())):
            if other not in found:
                found.add(other)
                todo.append(other)
    return found


def referenced(body: dict) -> list[str]:
    """The component names `body` refers to."""
    return sorted(_refs(body, set()))


def _inline(node, version: str, seen: tuple = ()):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            name = ref.rsplit("/", 1)[-1]
            if name in seen:
                return node
            resolved = _inline(schema(version, name), version, seen + (name,))
            rest = {k: _inline(v, version, seen) for k, v in node.items() if k != "$ref"}
            return {**resolved, **rest}
        return {k: _inline(v, version, seen) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline(v, version, seen) for v in node]
    return node


def _refs(node, found: set) -> set:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            found.add(node["$ref"].rsplit("/", 1)[-1])
        for v in node.values():
            _refs(v, found)
    elif isinstance(node, list):
        for v in node:
            _refs(v, found)
    return found
