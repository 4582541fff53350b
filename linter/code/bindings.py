"""Where a name is bound, for following local aliases such as `u = appt["urls"]`.

Aliases are followed within one function (or within module-level code), never across the
module boundary: a read in a function finds the bindings in that function and in the
functions enclosing it, as Python resolves closures, but not module globals. This is the
part of libcst's ScopeProvider the rules need. The provider costs more than the parse on a
typical file, so it is the reference in tests/test_tree.py rather than the engine here.
"""

from __future__ import annotations

from functools import cache
from types import SimpleNamespace

import libcst as cst


@cache
def _kinds() -> SimpleNamespace:
    """The node types that bind names. Built on first use: the CLI loads libcst only for a file it parses."""
    return SimpleNamespace(
        functions=(cst.FunctionDef, cst.Lambda),
        comprehensions=(cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp),
        unpacking=(cst.Tuple, cst.List, cst.StarredElement, cst.Element),  # `a, (b, *c) = ...`
        target_owners=(cst.AnnAssign, cst.AugAssign, cst.For, cst.CompFor, cst.AssignTarget),
        # Nodes whose `name` field binds: defs, parameters, match captures, and (libcst >= 1.1, Python 3.12)
        # type aliases and type parameters.
        named_binders=tuple(
            getattr(cst, n)
            for n in (
                "FunctionDef",
                "ClassDef",
                "Param",
                "MatchAs",
                "MatchStar",
                "TypeAlias",
                "TypeVar",
                "ParamSpec",
                "TypeVarTuple",
            )
            if hasattr(cst, n)
        ),
    )


class Bindings:
    """Answers "which Name nodes bind this name, seen from this read?" for one parsed module."""

    def __init__(self, module: cst.Module, parents: dict, names: list[cst.Name]) -> None:
        self.module = module
        self.parents = parents
        self.names = names  # every Name node of the module, collected by the shared walk
        self._bound: dict | None = None  # namespace node -> {name: [binding Name nodes]}
        self._declared: dict = {}  # namespace node -> names declared global or nonlocal there

    def namespace_of(self, node: cst.CSTNode) -> cst.CSTNode:
        """The function, lambda, class, comprehension or module whose namespace `node` is evaluated in."""
        path = [node]
        current = self.parents.get(node)
        while current is not None:
            if _evaluated_inside(current, path):
                return current
            path.append(current)
            current = self.parents.get(current)
        return self.module

    def lookup(self, name: str, at: cst.CSTNode) -> list[cst.Name] | None:
        """The Name nodes that bind `name` as read at `at`; None where aliases are not followed.

        None for a read in a class body or a comprehension (namespaces of their own), and for a
        name declared global or nonlocal. An empty list: the name is not bound within reach.
        """
        namespace: cst.CSTNode | None = self.namespace_of(at)
        if not isinstance(namespace, (*_kinds().functions, cst.Module)):
            return None
        bound = self._collect()
        while namespace is not None:
            if name in self._declared.get(namespace, ()):
                return None
            found = bound.get(namespace, {}).get(name)
            if found:
                return found
            namespace = None if namespace is self.module else self._enclosing_function(namespace)
        return []

    def declared_anywhere(self, name: str) -> bool:
        """Does any function of the module declare `name` global or nonlocal (so a call may rebind it)?"""
        self._collect()
        return any(name in names for names in self._declared.values())

    def _enclosing_function(self, function: cst.CSTNode) -> cst.CSTNode | None:
        """The next namespace out that a nested function sees: a function, lambda or comprehension, not a class."""
        current = self.namespace_of(function)
        while isinstance(current, cst.ClassDef):  # class bodies do not enclose methods
            current = self.namespace_of(current)
        return None if current is self.module else current

    def _collect(self) -> dict:
        if self._bound is None:
            self._bound = {}
            for name in self.names:
                if isinstance(self.parents.get(name), cst.NameItem):  # global / nonlocal
                    self._declared.setdefault(self.namespace_of(name), set()).add(name.value)
            for name in self.names:
                parent = self.parents.get(name)
                if not _is_binding(name, parent, self.parents):
                    continue
                namespace = self.namespace_of(name)
                if isinstance(parent, cst.NamedExpr):
                    while isinstance(namespace, _kinds().comprehensions):  # `:=` in a comprehension binds outside it
                        namespace = self.namespace_of(namespace)
                for owner in self._owners(namespace, name.value):
                    self._bound.setdefault(owner, {}).setdefault(name.value, []).append(name)
        return self._bound

    def _owners(self, namespace: cst.CSTNode, name: str) -> list:
        """Where a binding counts: its namespace, or for a global/nonlocal name, every scope it may rebind."""
        if name not in self._declared.get(namespace, ()):
            return [namespace]
        owners = [namespace]
        current = namespace
        while current is not self.module:  # overcounting is safe: it only makes an alias unfixable
            current = self._enclosing_function(current) or self.module
            owners.append(current)
        return owners


def _evaluated_inside(namespace: cst.CSTNode, path: list) -> bool:
    """Is the node at path[0] evaluated in `namespace`? path[-1] is namespace's child on the way up."""
    child = path[-1]
    if isinstance(namespace, _kinds().functions):
        # The body and the parameter names belong to the function; defaults, annotations, decorators do not.
        if child is namespace.body:
            return True
        return (
            child is namespace.params and len(path) == 3 and isinstance(path[1], cst.Param) and path[0] is path[1].name
        )
    if isinstance(namespace, cst.ClassDef):
        return child is namespace.body
    if isinstance(namespace, _kinds().comprehensions):
        # The first `for`'s iterable is evaluated outside the comprehension; everything else inside.
        return not (child is namespace.for_in and len(path) >= 2 and path[-2] is namespace.for_in.iter)
    return False


def _is_binding(name: cst.Name, parent, parents: dict) -> bool:
    kinds = _kinds()
    node: cst.CSTNode = name
    while isinstance(parent, kinds.unpacking):
        node, parent = parent, parents.get(parent)
    if isinstance(parent, kinds.target_owners) or isinstance(parent, cst.Del):  # `del x` unbinds: count it too
        return parent.target is node
    if isinstance(parent, cst.AsName):  # with ... as x, except ... as x, import ... as x
        return parent.name is node
    if node is not name:
        return False
    if isinstance(parent, (cst.NamedExpr,)):
        return parent.target is name
    if isinstance(parent, kinds.named_binders):
        return parent.name is name
    if isinstance(parent, cst.MatchMapping):
        return parent.rest is name
    if isinstance(parent, cst.ImportAlias):  # from m import x; import x
        return parent.name is name and parent.asname is None
    if isinstance(parent, cst.Attribute) and parent.value is name:  # import a.b binds a
        while isinstance(parent, cst.Attribute):
            parent = parents.get(parent)
        return (
            isinstance(parent, cst.ImportAlias)
            and parent.asname is None
            and isinstance(parents.get(parent), cst.Import)
        )
    return False
