"""Classes that model a payload with `urls` but no flat field, in the checked file or imported from the project.

`appt.urls.cancel[0]` -> `appt.cancel_url` is right for a dict-like object that has the field, and raises on a
model written for 1.5.0: a pydantic model, dataclass, attrs class, TypedDict or NamedTuple declaring `urls`,
a `__slots__` view, a `urls` property, or `self.urls = ...`, with no `cancel_url`. Such a class blocks the
attribute fix for every field it lacks. Imports are followed into the project's own files (a folder above the
checked file holding the module), read with `ast`, never run.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass
from functools import lru_cache

MAX_FOLDERS_UP = 8  # how far above the checked file a project's top-level package may sit


@dataclass(frozen=True)
class Model:
    name: str
    where: str  # the file that defines it
    fields: frozenset[str]  # the attributes it declares, `urls` among them


def models_lacking(models: list[Model], flat: str) -> list[Model]:
    return [m for m in models if flat not in m.fields]


def payload_models(source: str, path: str) -> list[Model]:
    """The classes declaring `urls` that `source` defines or imports from its project."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    found = _declared(tree, path)
    for module, names in _imports(tree, path):
        target = _module_file(module, path)
        if target is not None:
            found += [m for m in _models_in_file(target) if names is None or m.name in names]
    return found


def _declared(tree: ast.AST, where: str) -> list[Model]:
    models = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            fields = _fields_of(node)
            if "urls" in fields:
                models.append(Model(node.name, where, frozenset(fields)))
    return models


def _fields_of(cls: ast.ClassDef) -> set[str]:
    fields: set[str] = set()
    for statement in cls.body:
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            fields.add(statement.target.id)
        elif isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    fields.add(target.id)
                    if target.id == "__slots__":
                        fields |= _strings(statement.value)
        elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            fields.add(statement.name)  # a property (or a method: reading it as a field would fail anyway)
            for node in ast.walk(statement):
                if (
                    isinstance(node, ast.Attribute)
                    and isinstance(node.ctx, ast.Store)
                    and isinstance(node.value, ast.Name)
                    and node.value.id == "self"
                ):
                    fields.add(node.attr)
    return fields


def _strings(node) -> set[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
    return set()


def _imports(tree: ast.AST, path: str):
    """(dotted module, the names imported from it or None for all of it) for each import of the file."""
    package = os.path.dirname(os.path.abspath(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names = frozenset(a.name for a in node.names)
            if node.level:
                base = package
                for _ in range(node.level - 1):
                    base = os.path.dirname(base)
                yield (base, node.module or ""), names
            elif node.module:
                yield (None, node.module), names
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield (None, alias.name), None


def _module_file(module, path: str) -> str | None:
    base, dotted = module
    parts = [p for p in dotted.split(".") if p]
    if base is not None:
        return _existing(os.path.join(base, *parts))
    folder = os.path.dirname(os.path.abspath(path))
    for _ in range(MAX_FOLDERS_UP):
        if (
            parts
            and os.path.isdir(os.path.join(folder, parts[0]))
            or parts
            and os.path.isfile(os.path.join(folder, parts[0] + ".py"))
        ):
            return _existing(os.path.join(folder, *parts))
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return None


def _existing(stem: str) -> str | None:
    for candidate in (stem + ".py", os.path.join(stem, "__init__.py")):
        if os.path.isfile(candidate):
            return candidate
    return None


@lru_cache(maxsize=256)
def _models_in_file(path: str) -> tuple[Model, ...]:
    try:
        with open(path, "rb") as handle:
            source = handle.read(2_000_000)
        return tuple(_declared(ast.parse(source), path))
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return ()
