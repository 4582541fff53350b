"""Values that reach a deprecated `urls` read through the file's own names and functions.

A deprecated list is often read far from where it is taken: through a local name
(`links = appt["urls"]["confirm"]` ... `links[0]`), or through a small helper of the same file
(`def urls_of(a): return a["urls"]`, `def first(xs): return xs[0]`). This module finds those helpers (top-level
functions and methods whose whole body returns one such expression of their first parameter) and the uses of
names bound once to a deprecated list.
"""

from __future__ import annotations

import libcst as cst


def _returned(function: cst.FunctionDef):
    """The expression a function's body is `return E` of (a docstring before it allowed), else None."""
    body = function.body.body if isinstance(function.body, cst.IndentedBlock) else function.body.body
    statements = [s for s in body if not _is_docstring(s)]
    if len(statements) != 1:
        return None
    line = statements[0]
    small = line.body[0] if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1 else line
    return small.value if isinstance(small, cst.Return) else None


def _is_docstring(statement) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


def _first_parameter(function: cst.FunctionDef) -> str | None:
    params = [p.name.value for p in (*function.params.posonly_params, *function.params.params)]
    params = [p for p in params if p not in ("self", "cls")]
    return params[0] if params else None


def helpers_of(module: cst.Module, urls_container, match_entry, is_zero, single_index) -> dict:
    """name -> ("urls",) | ("list", key) | ("first",) for the file's one-line helpers of their first parameter:
    returning its `urls` object, one deprecated list of it, or its first element."""
    found: dict = {}
    functions = []
    for statement in module.body:
        if isinstance(statement, cst.FunctionDef):
            functions.append(statement)
        elif isinstance(statement, cst.ClassDef) and isinstance(statement.body, cst.IndentedBlock):
            functions += [s for s in statement.body.body if isinstance(s, cst.FunctionDef)]
    for function in functions:
        value, param = _returned(function), _first_parameter(function)
        if value is None or param is None:
            continue
        name = function.name.value
        receiver = urls_container(value)
        if isinstance(receiver, cst.Name) and receiver.value == param:
            found[name] = ("urls",)
            continue
        entry = match_entry(value)
        if entry is not None and isinstance(entry.receiver, cst.Name) and entry.receiver.value == param:
            found[name] = ("list", entry.key)
            continue
        if (
            isinstance(value, cst.Subscript)
            and isinstance(value.value, cst.Name)
            and value.value.value == param
            and is_zero(single_index(value))
        ):
            found[name] = ("first",)
    # Two helpers of the same name (a method on two classes) that disagree: neither is trusted.
    names = [f.name.value for f in functions]
    return {n: kind for n, kind in found.items() if names.count(n) == 1}


def uses_of_name(rule, binding: cst.Name) -> list[cst.Name] | None:
    """Every load of the name `binding` binds, when it is that name's only binding wherever it is read; None
    when some read may see another binding (then the alias is not followed)."""
    uses = []
    for name in rule.names_by_value().get(binding.value, ()):
        parent = rule.parent(name)
        if (
            name is binding
            or (isinstance(parent, cst.Attribute) and parent.attr is name)
            or (isinstance(parent, (cst.Arg, cst.Param)) and getattr(parent, "keyword", None) is name)
        ):
            continue
        found = rule.bindings_of(name.value, name)
        if found is None:
            return None
        if any(b is binding for b in found):
            if len(found) != 1:
                return None
            uses.append(name)
    return uses
