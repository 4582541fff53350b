"""Which names of a file may reach an object the file writes to, however the write is spelled.

A rewritten read `appt["cancel_url"]` equals `appt["urls"]["cancel"][0]` only while nothing writes one without
the other. The writes a consumer spells are many: `appt["urls"]["cancel"] = ...`, a mutating method
(`lst.insert`, `.sort()`, `.update`), an unbound one (`dict.update(appt, x)`, `appt.__init__(x)`),
`operator.setitem`/`setattr`, a helper of the same file that mutates its parameter (transitively), and any
of these through a name taken from the payload (`lst = appt["urls"]["cancel"]`, `for l in appt["urls"].values()`).

Names are judged file-wide and in both directions (a write through `lst` reaches `appt`, and one through
`data` reaches `appt = data["appointment"]`), so the order of statements, loops and back edges do not matter.
"""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

MUTATING_METHODS = frozenset(
    {
        "append",
        "extend",
        "insert",
        "pop",
        "popitem",
        "remove",
        "clear",
        "update",
        "setdefault",
        "sort",
        "reverse",
        "discard",
        "add",
        "__setitem__",
        "__delitem__",
        "__setattr__",
        "__delattr__",
        "__init__",
        "__ior__",
        "__iadd__",
    }
)
# `dict.update(appt, x)`: a method called on its class, the object passed first.
_CLASSES = frozenset({"dict", "list", "set", "object", "OrderedDict", "defaultdict", "UserDict", "MutableMapping"})
# `operator.setitem(appt, k, v)`, `setattr(appt, k, v)`: functions whose first argument is written.
_WRITING_FUNCTIONS = frozenset({"setitem", "delitem", "setattr", "delattr", "iadd", "ior", "iconcat"})


def root_name(node) -> str | None:
    """`appt` for `appt`, `appt["urls"]["cancel"]`, `appt.urls.get(...)`; None for a call's result and the like."""
    while True:
        if isinstance(node, cst.Name):
            return node.value
        if isinstance(node, (cst.Subscript, cst.Attribute)):
            node = node.value
        elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            node = node.func.value
        elif isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "cast" and node.args:
            node = node.args[-1].value  # typing.cast(T, appt) is appt
        else:
            return None


def _last_name(func) -> str | None:
    if isinstance(func, cst.Name):
        return func.value
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return None


def _target_names(target) -> list[str]:
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [n for e in target.elements for n in _target_names(e.value)]
    if isinstance(target, cst.StarredElement):
        return _target_names(target.value)
    return []


class Writes:
    """Collects writes and name derivations during the walk; `reaching()` answers once it is done."""

    def __init__(self, parents: dict, store_context: Callable, relevant_store: Callable) -> None:
        self.parents = parents
        self.store_context = store_context  # is this Subscript/Attribute assigned or deleted?
        self.relevant_store = relevant_store  # may this store (`X[k] = v`, `X.a = v`) change what a urls read sees?
        self.written: list[tuple[str, cst.CSTNode | None]] = []  # (root name, enclosing function)
        self.derived: dict[str, set[str]] = {}  # name -> the names it was taken from
        self.calls: list[tuple[str, list[str], cst.CSTNode | None]] = []  # (callee, argument roots, enclosing)
        self._parent: dict[str, str] = {}  # union-find over derived, both ways

    def _write(self, node, at) -> None:
        root = root_name(node)
        if root is not None:
            self.written.append((root, self._function_of(at)))

    def _function_of(self, node):
        parent = self.parents.get(node)
        while parent is not None and not isinstance(parent, (cst.FunctionDef, cst.Lambda)):
            parent = self.parents.get(parent)
        return parent

    def visit(self, node) -> None:
        """Called for every Subscript, Attribute and Call of the walk."""
        if isinstance(node, (cst.Subscript, cst.Attribute)):
            if self.store_context(node) and self.relevant_store(node):
                self._write(node.value, node)
        elif isinstance(node, cst.Call):
            self._call(node)

    def _call(self, node: cst.Call) -> None:
        func = node.func
        first = node.args[0].value if node.args and not node.args[0].keyword and not node.args[0].star else None
        if isinstance(func, cst.Attribute) and func.attr.value in MUTATING_METHODS:
            if first is not None and _last_name(func.value) in _CLASSES:
                self._write(first, node)  # dict.update(appt, other)
            elif not _is_urls_setdefault(node):
                self._write(func.value, node)
            return
        if first is not None and _last_name(func) in _WRITING_FUNCTIONS:
            self._write(first, node)
            return
        callee = _last_name(func)
        if callee is not None and node.args:
            roots = [r for r in (root_name(a.value) for a in node.args) if r is not None]
            if roots:
                self.calls.append((callee, roots, self._function_of(node)))

    def derive(self, targets: list[str], value) -> None:
        """`targets = value` (or a `for`/`with` target): a write through a target may reach the value's root."""
        root = root_name(value)
        if root is not None:
            for target in targets:
                if target != root:
                    self.derived.setdefault(target, set()).add(root)
                    self._union(target, root)

    def visit_binding(self, node) -> None:
        """Called for Assign, AnnAssign, For, CompFor, WithItem and NamedExpr."""
        if isinstance(node, cst.Assign):
            self.derive([n for t in node.targets for n in _target_names(t.target)], node.value)
        elif isinstance(node, cst.AnnAssign) and node.value is not None:
            self.derive(_target_names(node.target), node.value)
        elif isinstance(node, (cst.For, cst.CompFor)):
            self.derive(_target_names(node.target), node.iter)
        elif isinstance(node, cst.WithItem) and node.asname is not None:
            self.derive(_target_names(node.asname.name), node.item)
        elif isinstance(node, cst.NamedExpr):
            self.derive(_target_names(node.target), node.value)

    # Names joined by derivations, either way (`_alias = appt`, `lst = appt["urls"]["cancel"]`), kept as a
    # union-find: a file of 10,000 reads asks about its names 10,000 times.
    def _find(self, name: str) -> str:
        root = name
        while self._parent.get(root, root) != root:
            root = self._parent[root]
        while name != root:  # path compression
            self._parent[name], name = root, self._parent[name]
        return root

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self._parent[ra] = rb

    def connected(self, a: str, b: str) -> bool:
        """May `a` and `b` name the same object (or one part of the other)?"""
        return a == b or self._find(a) == self._find(b)

    def reaching(self) -> set[str]:
        """Every name through which the file may observe one of its writes."""
        written = {root for root, _ in self.written}
        written |= self._written_by_helpers()
        # Names joined by a derivation share what is written through any of them.
        groups = {self._find(w) for w in written}
        names = set(self._parent) | set(self._parent.values())
        return written | {name for name in names if self._find(name) in groups}

    def _written_by_helpers(self) -> set[str]:
        """Arguments passed to a function of this file that writes one of its parameters, transitively."""
        functions: dict[str, list[cst.FunctionDef]] = {}
        params_of: dict[int, set[str]] = {}
        for _, function in self.written:
            if isinstance(function, cst.FunctionDef):
                functions.setdefault(function.name.value, []).append(function)
        writers = {name for name, defs in functions.items() if any(self._writes_a_parameter(d) for d in defs)}
        if not writers:
            return set()
        changed = True
        while changed:
            changed = False
            for callee, roots, function in self.calls:
                if callee in writers and isinstance(function, cst.FunctionDef) and function.name.value not in writers:
                    params = params_of.setdefault(id(function), _parameters(function))
                    if params & set(roots):
                        writers.add(function.name.value)
                        changed = True
        return {root for callee, roots, _ in self.calls if callee in writers for root in roots}

    def _writes_a_parameter(self, function: cst.FunctionDef) -> bool:
        params = _parameters(function)
        return any(f is function and (self._taken_from(root) & params) for root, f in self.written)

    def _taken_from(self, name: str) -> set[str]:
        """`name` and every name it was derived from (`u = p["urls"]`: u, p)."""
        found, todo = {name}, [name]
        while todo:
            for root in self.derived.get(todo.pop(), ()):
                if root not in found:
                    found.add(root)
                    todo.append(root)
        return found


def _parameters(function: cst.FunctionDef) -> set[str]:
    p = function.params
    every = [*p.posonly_params, *p.params, *p.kwonly_params]
    every += [s for s in (p.star_arg, p.star_kwarg) if isinstance(s, cst.Param)]
    return {param.name.value for param in every if param.name.value not in ("self", "cls")}


def _is_urls_setdefault(node: cst.Call) -> bool:
    """`R.setdefault("urls", {})` reads the urls object (and writes it only where it is missing)."""
    return (
        isinstance(node.func, cst.Attribute)
        and node.func.attr.value == "setdefault"
        and bool(node.args)
        and isinstance(node.args[0].value, cst.SimpleString)
        and node.args[0].value.value[1:-1] == "urls"
    )
