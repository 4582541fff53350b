"""A libcst codemod doing apptlint APT001's rewrite, the peer of `apptlint check --fix`.

    R["urls"]["K"][0]                  -> R["K_url"]
    R.get("urls", {}).get("K", [D])[0] -> R.get("K_url", D)     (D None: R.get("K_url"))
    R["urls"].get("K", [D])[0]         -> R.get("K_url", D)
    R.urls.K[0]                        -> R.K_url
    u = R["urls"]; u["K"][0]           -> R["K_url"]   (u assigned once, R a name assigned at most once)
    and, as apptlint does, a function's alias line goes once every read of the alias is rewritten.

Writes and `del` are left alone. Run with
`python -m libcst.tool codemod --no-format deprecated_urls.RewriteDeprecatedUrls PATH`
from a directory whose .libcst.codemod.yaml lists `bench.codemods` under `modules`.
"""

from __future__ import annotations

import libcst as cst
from libcst.codemod import VisitorBasedCodemodCommand
from libcst.metadata import FunctionScope, GlobalScope, ScopeProvider

FLAT_KEYS = frozenset({"add_to_calendar", "cancel", "confirm", "ics", "join", "reschedule"})


def _only_index(node: cst.Subscript):
    if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        return node.slice[0].slice.value
    return None


def _text(node) -> str | None:
    if isinstance(node, cst.SimpleString) and "b" not in node.prefix.lower():
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _flat(key_node: cst.SimpleString) -> cst.SimpleString:
    quote = key_node.value[-3:] if key_node.value[-3:] in ('"""', "'''") else key_node.value[-1]
    return key_node.with_changes(value=key_node.value[: -len(quote)] + "_url" + quote)


def _urls_receiver(node):
    """R when node is R["urls"], R.get("urls"[, default]) or R.urls."""
    if isinstance(node, cst.Subscript) and _text(_only_index(node)) == "urls":
        return node.value
    if (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value == "get"
        and 1 <= len(node.args) <= 2
        and not node.args[0].keyword
        and _text(node.args[0].value) == "urls"
    ):
        return node.func.value
    if isinstance(node, cst.Attribute) and node.attr.value == "urls":
        return node.value
    return None


class _Bindings(cst.CSTVisitor):
    """Pre-pass: the value of every simple `name = value`, and the nodes that are written or deleted."""

    def __init__(self):
        self.values: dict[int, cst.BaseExpression] = {}
        self.stores: set[int] = set()

    def _store(self, target):
        self.stores.add(id(target))
        if isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._store(element.value)

    def visit_Assign(self, node):
        for target in node.targets:
            self._store(target.target)
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            self.values[id(node.targets[0].target)] = node.value

    def visit_AnnAssign(self, node):
        self._store(node.target)
        if isinstance(node.target, cst.Name) and node.value is not None:
            self.values[id(node.target)] = node.value

    def visit_AugAssign(self, node):
        self._store(node.target)

    def visit_Del(self, node):
        self._store(node.target)

    def visit_For(self, node):
        self._store(node.target)

    def visit_CompFor(self, node):
        self._store(node.target)


class RewriteDeprecatedUrls(VisitorBasedCodemodCommand):
    DESCRIPTION = "Rewrite reads of urls.K[0] to the flat K_url field of API 1.6.0."
    METADATA_DEPENDENCIES = (ScopeProvider,)

    def visit_Module(self, node: cst.Module) -> None:
        self.bindings = _Bindings()
        node.visit(self.bindings)
        self.rewritten: dict[int, list] = {}  # alias name where set -> [reads rewritten, reads in all]

    def leave_IndentedBlock(self, original: cst.IndentedBlock, updated: cst.IndentedBlock) -> cst.IndentedBlock:
        keep = []
        for before, after in zip(original.body, updated.body):
            assign = before.body[0] if isinstance(before, cst.SimpleStatementLine) and len(before.body) == 1 else None
            target = assign.targets[0].target if isinstance(assign, cst.Assign) and len(assign.targets) == 1 else None
            counts = self.rewritten.get(id(target))
            if counts is None or counts[0] != counts[1]:
                keep.append(after)
        return updated.with_changes(body=keep) if len(keep) != len(updated.body) else updated

    def leave_Subscript(self, original: cst.Subscript, updated: cst.BaseExpression) -> cst.BaseExpression:
        zero = _only_index(original)
        if not (isinstance(zero, cst.Integer) and zero.value == "0") or id(original) in self.bindings.stores:
            return updated
        listing = original.value
        if isinstance(listing, cst.Subscript):
            key_node, form, container, default = _only_index(listing), "subscript", listing.value, None
        elif (
            isinstance(listing, cst.Call)
            and isinstance(listing.func, cst.Attribute)
            and listing.func.attr.value == "get"
            and len(listing.args) == 2
            and not any(a.keyword or a.star for a in listing.args)
        ):
            default = listing.args[1].value
            if not (
                isinstance(default, cst.List)
                and len(default.elements) == 1
                and isinstance(default.elements[0], cst.Element)
            ):
                return updated
            key_node, form, container, default = (
                listing.args[0].value,
                "get",
                listing.func.value,
                default.elements[0].value,
            )
        elif isinstance(listing, cst.Attribute):
            key_node, form, container, default = listing.attr, "attr", listing.value, None
            if not isinstance(container, cst.Attribute):
                return updated
        else:
            return updated
        key = key_node.value if form == "attr" else _text(key_node)
        if key not in FLAT_KEYS:
            return updated
        receiver = _urls_receiver(container)
        through_alias = receiver is None
        if through_alias:
            receiver = self._alias_receiver(container) if form != "attr" else None
            if receiver is None:
                return updated
        if form == "attr":
            return cst.Attribute(value=receiver, attr=cst.Name(key + "_url"))
        if form == "subscript":
            element = cst.SubscriptElement(cst.Index(_flat(key_node)))
            if not through_alias and isinstance(container, cst.Subscript):
                return container.with_changes(slice=[container.slice[0].with_changes(slice=element.slice)])
            return cst.Subscript(value=receiver, slice=[element])
        args = [cst.Arg(_flat(key_node))]
        if not (isinstance(default, cst.Name) and default.value == "None"):
            args = [args[0].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))), cst.Arg(default)]
        return cst.Call(func=cst.Attribute(value=receiver, attr=cst.Name("get")), args=args)

    def _alias_receiver(self, name) -> cst.Name | None:
        """R for an alias `name = R["urls"]` assigned once, when R is a name assigned at most once."""
        if not isinstance(name, cst.Name):
            return None
        scope = self.get_metadata(ScopeProvider, name, None)
        if not isinstance(scope, (FunctionScope, GlobalScope)):
            return None
        assignments = list(scope.assignments[name.value])
        if len(assignments) != 1:
            return None
        value = self.bindings.values.get(id(assignments[0].node))
        receiver = _urls_receiver(value) if value is not None else None
        if isinstance(receiver, cst.Name) and len(list(scope.assignments[receiver.value])) <= 1:
            if isinstance(scope, FunctionScope):
                counts = self.rewritten.setdefault(id(assignments[0].node), [0, len(list(scope.accesses[name.value]))])
                counts[0] += 1
            return receiver
        return None
