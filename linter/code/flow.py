"""Values that reach a deprecated `urls` read through the file's own names and functions.

A deprecated list is often read far from where it is taken: through a local name
(`links = appt["urls"]["confirm"]` ... `links[0]`), or through a small helper of the same file
(`def urls_of(a): return a["urls"]`, `def first(xs): return xs[0]`). This module finds those helpers (top-level
functions and methods every `return` of which gives one such value) and the uses of names bound once to a
deprecated list.
"""

from __future__ import annotations

import libcst as cst


def _returned(function: cst.FunctionDef) -> list:
    """The expressions the function's `return` statements give (not those of functions nested in it); empty if
    one returns nothing or the function yields at statement level. Only statements are walked (libcst's
    `children` costs a visit per node, and a module has thousands of functions)."""
    values: list = []
    for statement in _statements(function.body):
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Return):
                    if small.value is None:
                        return []
                    values.append(small.value)
                elif isinstance(small, cst.Expr) and isinstance(small.value, (cst.Yield, cst.Await)):
                    return []
    return values


def _statements(block):
    """Every statement of a block and of the blocks inside it, nested functions and classes left out."""
    body = getattr(block, "body", ())
    for statement in body if isinstance(body, (list, tuple)) else ():
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            continue
        if isinstance(statement, cst.SimpleStatementLine):
            yield statement
            continue
        if isinstance(statement, cst.BaseSuite):
            yield from _statements(statement)
            continue
        for part in (
            getattr(statement, "body", None),
            getattr(statement, "orelse", None),
            getattr(statement, "finalbody", None),
            *getattr(statement, "handlers", ()),
            *getattr(statement, "cases", ()),
        ):
            if part is None:
                continue
            if isinstance(part, cst.If):  # elif
                yield from _statements(cst.IndentedBlock(body=[part]))
            elif isinstance(part, cst.SimpleStatementSuite):
                yield cst.SimpleStatementLine(body=part.body)
            else:
                yield from _statements(part if isinstance(part, cst.BaseSuite) else getattr(part, "body", part))


def _first_parameter(function: cst.FunctionDef) -> str | None:
    params = [p.name.value for p in (*function.params.posonly_params, *function.params.params)]
    params = [p for p in params if p not in ("self", "cls")]
    return params[0] if params else None


def helpers_of(module: cst.Module, urls_container, match_entry, is_zero, single_index) -> dict:
    """name -> ("urls",) | ("list", key) | ("first",) for the file's helpers whose every `return` gives a
    `urls` object, one deprecated list, or their first parameter's first element."""
    found: dict = {}
    functions = []
    for statement in module.body:
        if isinstance(statement, cst.FunctionDef):
            functions.append(statement)
        elif isinstance(statement, cst.ClassDef) and isinstance(statement.body, cst.IndentedBlock):
            functions += [s for s in statement.body.body if isinstance(s, cst.FunctionDef)]
    for function in functions:
        values, param = _returned(function), _first_parameter(function)
        if not values:
            continue
        name = function.name.value
        # Every `return` hands back a urls object (of a parameter or of a payload fetched inside), one list, or
        # the first element of the first parameter.
        if all(urls_container(v) is not None for v in values):
            found[name] = ("urls",)
            continue
        entries = [match_entry(v) for v in values]
        keys = {e.key for e in entries if e is not None}
        if all(e is not None and e.receiver is not None for e in entries) and len(keys) == 1:
            found[name] = ("list", keys.pop())
            continue
        if param is not None and all(
            isinstance(v, cst.Subscript)
            and isinstance(v.value, cst.Name)
            and v.value.value == param
            and is_zero(single_index(v))
            for v in values
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
