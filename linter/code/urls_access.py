"""Recognise reads of the deprecated `urls` lists in Python code (shared by APT001-APT003).

An *entry* is an expression that yields one deprecated list, `urls.K`:
    R["urls"]["K"]    R.get("urls", {}).get("K", [D])    R["urls"].get("K", [D])    R.urls.K
and the same through a local alias `u = R["urls"]` (`u["K"]`, `u.get("K", [D])`).
Only the keys in the 1.6.0 snapshot's deprecated `urls` objects count, so other APIs'
`urls` (PyPI, GitHub, Django's `admin.site.urls`, `self.urls["home"]`) never match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import cast
from functools import lru_cache

import libcst as cst

from apptlint.payload import snapshots
from apptlint.code.host_patterns import simple_string_value
from apptlint.code.tree import code_of
from apptlint.code.rule import CodeRule
from apptlint.code.writes import MUTATING_METHODS, Writes, root_name

ITERATING_CALLS = {
    "list",
    "tuple",
    "set",
    "sorted",
    "iter",
    "enumerate",
    "any",
    "all",
    "sum",
    "min",
    "max",
    "zip",
    "map",
    "filter",
}


@lru_cache(maxsize=None)
def known_keys(version: str | None = None) -> frozenset[str]:
    """The deprecated `urls` keys of `version` (default: the newest snapshot)."""
    return frozenset(k for keys in snapshots.deprecated_url_keys(version).values() for k in keys)


@lru_cache(maxsize=None)
def any_version_keys() -> frozenset[str]:
    """Every snapshot's deprecated keys: the prefilter must let through whatever target version a run picks."""
    return frozenset(k for v in snapshots.versions() for k in known_keys(v))


def string_value(node) -> str | None:
    if isinstance(node, cst.SimpleString) and "b" not in node.prefix.lower():
        value = simple_string_value(node)
        return value if isinstance(value, str) else None
    return None


def single_index(node: cst.Subscript):
    # `x["cancel",]` indexes with a one-element tuple, not with "cancel".
    if (
        len(node.slice) == 1
        and isinstance(node.slice[0].slice, cst.Index)
        and not isinstance(node.slice[0].comma, cst.Comma)
    ):
        return node.slice[0].slice.value
    return None


def is_zero(node) -> bool:
    return isinstance(node, cst.Integer) and node.evaluated_value == 0


def with_suffix(key_node: cst.SimpleString, suffix: str) -> cst.SimpleString:
    """`'cancel'` -> `'cancel_url'`, keeping prefix and quote style."""
    value = key_node.value
    quote = value[-3:] if value[-3:] in ('"""', "'''") else value[-1]
    return key_node.with_changes(value=value[: -len(quote)] + suffix + quote)


@dataclass
class Entry:
    node: cst.BaseExpression | cst.MatchMappingElement  # the expression that yields the list, or a match pattern
    key: str
    key_node: cst.BaseExpression  # SimpleString, or Name for attribute access
    form: str  # "subscript", "get" or "attr"
    container: cst.BaseExpression  # R["urls"], R.get("urls", ...), R.urls, or the alias Name
    receiver: cst.BaseExpression | None  # R; None when read through an alias
    default: cst.BaseExpression | None = None  # D of .get("K", [D])
    default_is_list_of_one: bool = False
    # Set when the key is a name: a module constant (one value) or a loop over literals (several).
    key_values: tuple[str, ...] = ()


NEUTRAL_DEFAULTS = ("{}", "dict()")


def urls_container(node) -> cst.BaseExpression | None:
    """If `node` is `R["urls"]`, `R.get("urls"...)`, `R.setdefault("urls", ...)`, `getattr(R, "urls")`, `R.urls`,
    or one of those `or {}`, return R."""
    if (
        isinstance(node, cst.BooleanOperation)
        and isinstance(node.operator, cst.Or)
        and code_of(node.right).strip() in NEUTRAL_DEFAULTS
    ):
        return urls_container(node.left)
    if (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Name)
        and node.func.value == "getattr"
        and len(node.args) in (2, 3)
        and string_value(node.args[1].value) == "urls"
    ):
        return node.args[0].value
    if isinstance(node, cst.Subscript) and string_value(single_index(node)) == "urls":
        return node.value
    if isinstance(node, cst.Call) and len(node.args) == 2 and _is_name_call(node, "getitem"):
        if string_value(node.args[1].value) == "urls":  # operator.getitem(appt, "urls")
            return node.args[0].value
    if (  # itemgetter("urls")(appt), attrgetter("urls")(appt)
        isinstance(node, cst.Call)
        and len(node.args) == 1
        and isinstance(node.func, cst.Call)
        and (_is_name_call(node.func, "itemgetter") or _is_name_call(node.func, "attrgetter"))
        and len(node.func.args) == 1
        and string_value(node.func.args[0].value) == "urls"
    ):
        return node.args[0].value
    if (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value in ("get", "setdefault")
        and 1 <= len(node.args) <= 2
        and not node.args[0].keyword
        and string_value(node.args[0].value) == "urls"
    ):
        return node.func.value
    if isinstance(node, cst.Attribute) and node.attr.value == "urls":
        return node.value
    return None


def _is_name_call(call: cst.Call, name: str) -> bool:
    func = call.func
    return (isinstance(func, cst.Name) and func.value == name) or (
        isinstance(func, cst.Attribute) and func.attr.value == name
    )


def match_entry(node, keys: frozenset[str] | None = None, resolve=None, helpers=None) -> Entry | None:
    """The deprecated entry `node` reads, if any. `resolve(name_node)` gives the key values a name may hold;
    `helpers`, the file's functions returning their argument's `urls` object (see apptlint.code.flow)."""
    keys = known_keys() if keys is None else keys
    if helpers:
        entry = _helper_entry(node, keys, helpers)
        if entry is not None:
            return entry
    if isinstance(node, cst.Call):
        entry = _polars_entry(node, keys)
        if entry is not None:
            return entry

    def key_of(key_node):
        key = string_value(key_node)
        if key is None and resolve is not None and isinstance(key_node, (cst.Name, cst.Attribute)):
            values = resolve(key_node)
            if values and all(v in keys for v in values):
                return values[0], tuple(values)
        return key, ()

    if isinstance(node, cst.Subscript):
        key_node = single_index(node)
        key, values = key_of(key_node)
        if key in keys:
            entry = _entry(node, key, key_node, "subscript", node.value)
            if entry is not None:
                entry.key_values = values
            return entry
    elif (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Name)
        and node.func.value == "getattr"
        and len(node.args) in (2, 3)  # `getattr(appt.urls, "join", [])`: the list, or a default
        and isinstance(node.args[0].value, cst.Attribute)
    ):
        key = string_value(node.args[1].value)
        receiver = urls_container(node.args[0].value)
        if key in keys and receiver is not None:
            default = node.args[2].value if len(node.args) == 3 else None
            return Entry(node, key, node.args[1].value, "attr", node.args[0].value, receiver, default)
    elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "get":
        args = node.args
        if 1 <= len(args) <= 2 and not any(a.keyword or a.star for a in args):
            key, values = key_of(args[0].value)
            if key in keys:
                entry = _entry(node, key, args[0].value, "get", node.func.value)
                if entry is not None:
                    entry.key_values = values
                if entry and len(args) == 2:
                    default = args[1].value
                    entry.default_is_list_of_one = (
                        isinstance(default, cst.List)
                        and len(default.elements) == 1
                        and isinstance(default.elements[0], cst.Element)
                    )
                    entry.default = (
                        cast(cst.List, default).elements[0].value if entry.default_is_list_of_one else default
                    )
                return entry
    elif isinstance(node, cst.Attribute) and node.attr.value in keys:
        # Attribute reads only through `R.urls.K`: `u.K` on an arbitrary alias is too weak a signal.
        receiver = urls_container(node.value)
        if receiver is not None and isinstance(node.value, cst.Attribute):
            return Entry(node, node.attr.value, node.attr, "attr", node.value, receiver)
    return None


def _polars_entry(node, keys) -> Entry | None:
    """polars: `pl.col("urls").struct.field("cancel")` is the `urls.cancel` column of lists."""
    if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "field"):
        return None
    struct = node.func.value
    column = struct.value if isinstance(struct, cst.Attribute) and struct.attr.value == "struct" else None
    key = string_value(node.args[0].value) if len(node.args) == 1 else None
    if (
        isinstance(key, str)
        and key in keys
        and isinstance(column, cst.Call)
        and _is_name_call(column, "col")
        and len(column.args) == 1
        and string_value(column.args[0].value) == "urls"
    ):
        return Entry(node, key, node.args[0].value, "helper", column, None)
    return None


def _helper_entry(node, keys, helpers) -> Entry | None:
    """`urls_of(a)["K"]` / `urls_of(a).get("K", ...)` for a helper returning `a["urls"]`, and `cancel_links(a)` for
    one returning `a["urls"]["cancel"]`: entries with no receiver to rewrite onto (reported, not fixed)."""
    if isinstance(node, cst.Call) and helpers.get(_call_name(node) or "", ("",))[0] == "list":
        return Entry(node, helpers[_call_name(node)][1], node, "helper", node, None)
    if isinstance(node, cst.Subscript):
        container, key = node.value, string_value(single_index(node))
    elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "get":
        container = node.func.value
        key = string_value(node.args[0].value) if node.args else None
    else:
        return None
    if (
        isinstance(key, str)
        and key in keys
        and isinstance(container, cst.Call)
        and helpers.get(_call_name(container) or "") == ("urls",)
    ):
        return Entry(node, key, node, "helper", container, None)
    return None


def _entry(node, key, key_node, form, container) -> Entry | None:
    receiver = urls_container(container)
    if receiver is not None:
        return Entry(node, key, key_node, form, container, receiver)
    if isinstance(container, cst.Name):
        return Entry(node, key, key_node, form, container, None)  # alias candidate; see resolve_alias
    return None


@dataclass
class Alias:
    receiver: cst.BaseExpression | None  # R when the alias is fixable, else None
    binding: cst.Name | None = None  # the alias name where it is set
    source: cst.BaseExpression | None = None  # R whenever the alias is set once (fixable or not): whose urls it is


def resolve_alias(rule, name: cst.Name) -> Alias | None:
    """Is `name` a local alias of some `R["urls"]`? Fixable when assigned once and R is a plain, unassigned-again name."""
    assignments = rule.bindings_of(name.value, name)
    if not assignments:
        return None
    applied = getattr(rule, "param_aliases", {})
    if len(assignments) == 1 and id(assignments[0]) in applied:  # a lambda's parameter, applied to a urls object
        return Alias(None, source=urls_container(applied[id(assignments[0])]))
    sources = [_assigned_value(rule, a) for a in assignments]
    receivers = [urls_container(s) if s is not None else None for s in sources]
    if all(r is None for r in receivers):
        return None
    if len(assignments) == 1 and isinstance(receivers[0], cst.Name) and not isinstance(sources[0], cst.Attribute):
        receiver = receivers[0]
        # R must mean the same binding where the alias is set and where it is read (no parameter or loop
        # variable of a nested scope shadowing it), the alias must be set earlier in the read's own block, and
        # nothing on the way from there to the read may rebind R or write through R or the alias.
        where_set, where_read = rule.bindings_of(receiver.value, receiver), rule.bindings_of(receiver.value, name)
        path = _path_between(rule, assignments[0], name)
        if (
            where_set is not None
            and where_read is not None
            and len(where_read) <= 1
            and list(map(id, where_set)) == list(map(id, where_read))
            and path is not None
            and not any(_inside(rule, binding, path) for binding in where_read)
            and not rule.tree.bindings.declared_anywhere(receiver.value)
            and not (_reached_from_outside(rule, name, where_read) and _runs_othercode_of(rule, path, name))
            and not _written_in(rule, receiver.value, path)
            and not _written_in(rule, name.value, path)
        ):
            return Alias(receiver, assignments[0], receiver)
    return Alias(None, source=receivers[0] if len(assignments) == 1 else None)


def _path_between(rule, binding: cst.Name, read: cst.CSTNode):
    """The statements run between the alias assignment and the read: (block, first index, last index).

    The statement binding the alias must be an earlier sibling of the statement holding the read: then every
    run of the read's statement follows a run of the assignment in the same pass through the block (an
    assignment under an `if` or in an earlier loop does not qualify). None otherwise.
    """
    small = binding
    while small is not None and not isinstance(small, cst.BaseSmallStatement):
        small = rule.parent(small)
    line = rule.parent(small) if small is not None else None
    if not isinstance(line, cst.SimpleStatementLine):
        return None
    for container, statement in ((line, small), (rule.parent(line), line)):
        child = _child_towards(rule, container, read)
        if child is not None:
            body = list(container.body)
            first, last = _index(body, statement) + 1, _index(body, child)
            return (container, first, last) if last >= first else None
    return None


def _reached_from_outside(rule, read: cst.Name, bindings: list) -> bool:
    """Is the receiver a name of another namespace (a global, or an enclosing function's), not the read's own?"""
    bindings_info = rule.tree.bindings
    here = bindings_info.namespace_of(read)
    return isinstance(here, (cst.FunctionDef, cst.Lambda)) and (
        not bindings or bindings_info.namespace_of(bindings[0]) is not here
    )


def _runs_othercode_of(rule, path, read: cst.CSTNode) -> bool:
    """Can other code run between the alias and the read: a call, `yield` or `await` on the way?

    Calls that enclose the read itself (`print(u["cancel"][0])`) run after it is evaluated and do not count.
    """
    container, first, last = path
    enclosing = set()
    node = rule.parent(read)
    while node is not None:
        enclosing.add(id(node))
        node = rule.parent(node)
    found = []

    def visit(node):
        if isinstance(node, (cst.Call, cst.Yield, cst.Await)) and id(node) not in enclosing:
            found.append(node)
            return
        if isinstance(node, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
            return  # defined, not run, here
        for child in node.children:
            if not found:
                visit(child)

    for statement in list(container.body)[first : last + 1]:
        visit(statement)
        if found:
            return True
    return False


def _inside(rule, node, path) -> bool:
    """Does `node` sit in one of the path's statements (the read's own statement included)?"""
    container, first, last = path
    child = _child_towards(rule, container, node)
    return child is not None and first <= _index(list(container.body), child) <= last


def _written_in(rule, name: str, path) -> bool:
    """Is the object `name` holds (or anything reached through it) written to, or `name` rebound, in `path`?"""
    for node in rule.tree.names:
        if node.value != name or not _inside(rule, node, path):
            continue
        child, parent = node, rule.parent(node)
        while isinstance(parent, (cst.Subscript, cst.SubscriptElement, cst.Index, cst.Attribute)):
            if (
                isinstance(parent, cst.Attribute)
                and parent.attr.value in MUTATING_METHODS
                and isinstance(rule.parent(parent), cst.Call)
            ):
                return True
            if isinstance(parent, (cst.SubscriptElement, cst.Index)):
                break  # `name` is used inside an index, not written through
            child, parent = parent, rule.parent(parent)
        if _store_context(rule, child) or (child is node and _store_context(rule, node)):
            return True
        if isinstance(parent, cst.NamedExpr) and parent.target is child:
            return True
    return False


def _child_towards(rule, container, node):
    """The child of `container` on the way up from `node`, or None when `node` is not inside it."""
    while node is not None:
        parent = rule.parent(node)
        if parent is container:
            return node
        node = parent
    return None


def _index(body: list, node) -> int:
    return next(i for i, item in enumerate(body) if item is node)


def _assigned_value(rule, target):
    """For a Name bound by a simple `name = value`, return value; otherwise None."""
    if not isinstance(target, cst.Name):
        return None
    parent = rule.parent(target)
    if isinstance(parent, cst.AssignTarget):
        assign = rule.parent(parent)
        if isinstance(assign, cst.Assign) and len(assign.targets) == 1:
            return assign.value
    if isinstance(parent, cst.AnnAssign) and parent.target is target:
        return parent.value
    return None


@dataclass
class Use:
    entry: Entry
    node: cst.BaseExpression | cst.MatchMappingElement  # where to report: the `[0]` read, or the entry itself
    kind: str  # "read0", "index", "iterate", "len", "truthiness", "assign", "del", "other"
    detail: str = ""
    alias: Alias | None = None
    rewritable: bool = True  # False for a read spelled so that no mechanical rewrite keeps it (`(E or [D])[0]`)
    path: object = None  # an apptlint.code.paths.PathRead, for a path spelled as data (entry.form "path")


def find_use(rule, node, entry: Entry | None = None) -> Use | None:
    entry = entry or match_entry(node, getattr(rule, "keys", None))
    if entry is None:
        return None
    alias = None
    if entry.receiver is None:
        alias = resolve_alias(rule, cast(cst.Name, entry.container))  # an alias read's container is its name
        if alias is None:
            return None
    return use_of(rule, entry, alias)


def use_of(rule, entry: Entry, alias: Alias | None) -> Use:
    """How the code around `entry.node` (an expression yielding a deprecated list) uses that list."""
    parent = rule.parent(entry.node)
    if isinstance(parent, cst.Attribute) and parent.attr.value == "list":  # polars list namespace
        listed = _polars_list_use(rule, entry, parent, alias)
        if listed is not None:
            return listed
    first = _first_taken(rule, entry.node, parent)
    if first is not None:  # first(L), next(iter(L)), a same-file helper returning its argument's [0]
        return Use(entry, first, "read0", alias=alias, rewritable=False)
    if isinstance(parent, (cst.GeneratorExp, cst.ListComp)) and parent.elt is entry.node:
        mapped = _mapped_first(rule, parent)  # map(itemgetter(0), (a["urls"]["cancel"] for a in appts))
        if mapped is not None:
            return Use(entry, mapped, "read0", alias=alias, rewritable=False)
    if isinstance(parent, cst.Assign) and parent.value is entry.node and _unpacks_first(parent):
        return Use(entry, entry.node, "read0", alias=alias, rewritable=False)  # `first, *_ = L`
    if (
        isinstance(parent, cst.BooleanOperation)
        and isinstance(parent.operator, cst.Or)
        and parent.left is entry.node
        and isinstance(parent.right, cst.List)
        and len(parent.right.elements) == 1
    ):
        outer = rule.parent(parent)  # `(E or [D])[0]`: the first URL, or D
        if isinstance(outer, cst.Subscript) and outer.value is parent and is_zero(single_index(outer)):
            if not _store_context(rule, outer):
                return Use(entry, outer, "read0", alias=alias, rewritable=False)
    if isinstance(parent, cst.Subscript) and parent.value is entry.node:
        index = single_index(parent)
        if is_zero(index):
            context = _store_context(rule, parent)
            if context:
                return Use(entry, parent, context, alias=alias)
            return Use(entry, parent, "read0", alias=alias)
        shown = code_of(parent.slice[0].slice) if len(parent.slice) == 1 else "..."
        context = _store_context(rule, parent)
        return Use(entry, parent, context or "index", f"[{shown}]", alias=alias)
    context = _store_context(rule, entry.node)
    if context:
        return Use(entry, entry.node, context, alias=alias)
    return Use(entry, entry.node, _consumer(rule, entry.node, parent), alias=alias)


FIRST_FUNCTIONS = frozenset({"first"})  # toolz, more_itertools, funcy, boltons: the first element


def _first_taken(rule, node, parent):
    """The call taking the first element of the list `node` yields, if it is one: `first(L)`, `next(iter(L))`
    (with or without a default), or a same-file function whose body returns its parameter's `[0]`."""
    if not isinstance(parent, cst.Arg) or parent.keyword is not None:
        return None
    call = rule.parent(parent)
    if not isinstance(call, cst.Call) or call.args[0] is not parent:
        return None
    if (  # itemgetter(0)(L)
        isinstance(call.func, cst.Call)
        and _is_name_call(call.func, "itemgetter")
        and len(call.func.args) == 1
        and is_zero(call.func.args[0].value)
    ):
        return call
    name = _call_name(call)
    if name in FIRST_FUNCTIONS or name in getattr(rule, "first_helpers", ()):
        return call
    if name == "iter" and len(call.args) == 1:
        arg = rule.parent(call)
        outer = rule.parent(arg) if isinstance(arg, cst.Arg) else None
        if isinstance(outer, cst.Call) and _call_name(outer) == "next" and outer.args[0] is arg:
            return outer
    return None


def _helpers(tree) -> dict:
    """The file's one-line helpers (see apptlint.code.flow), found once per tree for every rule."""
    found = tree.__dict__.get("url_helpers")
    if found is None:
        from apptlint.code.flow import helpers_of

        found = tree.__dict__["url_helpers"] = helpers_of(
            tree.module, urls_container, match_entry, is_zero, single_index
        )
    return found


def _polars_list_use(rule, entry, namespace, alias):
    """`.list.first()`, `.list.get(0)` (the first URL), `.list.len()`, `.list.get(n)`, `.list.eval(...)`."""
    method = rule.parent(namespace)
    call = rule.parent(method) if isinstance(method, cst.Attribute) else None
    if not isinstance(call, cst.Call):
        return None
    name = method.attr.value
    arg = call.args[0].value if call.args else None
    if name in ("first", "head") and (arg is None or code_of(arg).strip() == "1") or (name == "get" and is_zero(arg)):
        return Use(entry, call, "read0", alias=alias, rewritable=False)
    if name in ("len", "lengths"):
        return Use(entry, call, "len", alias=alias)
    if name == "get" and arg is not None:
        return Use(entry, call, "index", f"[{code_of(arg)}]", alias=alias)
    return Use(entry, call, "iterate", alias=alias)


def _mapped_first(rule, generator):
    """`map(itemgetter(0), <generator>)`: the call taking each list's first element, if `generator` is its data."""
    arg = rule.parent(generator)
    call = rule.parent(arg) if isinstance(arg, cst.Arg) else None
    if not (isinstance(call, cst.Call) and _call_name(call) == "map" and len(call.args) == 2 and call.args[1] is arg):
        return None
    getter = call.args[0].value
    if isinstance(getter, cst.Call) and _is_name_call(getter, "itemgetter") and len(getter.args) == 1:
        return call if is_zero(getter.args[0].value) else None
    return call if _takes_first(getter) else None


def _unpacks_first(assign: cst.Assign) -> bool:
    """`first, *_ = L`: the first element bound to a name, the rest starred away."""
    target = assign.targets[0].target if len(assign.targets) == 1 else None
    if not isinstance(target, (cst.Tuple, cst.List)) or len(target.elements) < 2:
        return False
    first, rest = target.elements[0], target.elements[1:]
    return isinstance(first.value, cst.Name) and all(isinstance(e, cst.StarredElement) for e in rest)


def _captures_first(pattern) -> bool:
    """`[url, *_]`, `[url, *rest]` or `[url]`: a sequence pattern whose first element binds a name."""
    if not isinstance(pattern, cst.MatchSequence) or not pattern.patterns:
        return False
    element, rest = pattern.patterns[0], pattern.patterns[1:]
    first = element.value if isinstance(element, cst.MatchSequenceElement) else element
    binds = isinstance(first, cst.MatchAs) and first.pattern is None and first.name is not None
    return binds and all(isinstance(p, cst.MatchStar) for p in rest)


def _takes_first(func) -> bool:
    """`lambda xs: xs[0]`."""
    if isinstance(func, cst.Lambda) and len(func.params.params) == 1:
        body, name = func.body, func.params.params[0].name.value
        return (
            isinstance(body, cst.Subscript)
            and isinstance(body.value, cst.Name)
            and body.value.value == name
            and is_zero(single_index(body))
        )
    return False


def _is_urls_call_arg(rule, arg) -> bool:
    """`getattr(appt, "urls")`-like calls read the object rather than pass it on."""
    call = rule.parent(arg)
    return isinstance(call, cst.Call) and _call_name(call) in ("getattr", "hasattr", "len", "isinstance", "bool")


KEY_TRANSFORMS = frozenset({"KeyTransform", "KeyTextTransform", "KT"})


def _guarded_by_calls(rule, node, flat: str):
    """A read that an enclosing call tries only after the flat field: an earlier argument of `Coalesce(...)`/
    `func.coalesce(...)`/`glom` `Coalesce`, a `When(cancel_url__isnull=True, then=...)`, or a query chain that
    keeps only rows without it (`.filter(cancel_url__isnull=True).update(...)`)."""
    from apptlint.code.fallbacks import Fallback

    child, parent = node, rule.parent(node)
    while parent is not None and not isinstance(parent, (cst.BaseStatement, cst.BaseSmallStatement)):
        if isinstance(parent, cst.Call) and isinstance(child, cst.Arg):
            name = (_call_name(parent) or "").lower()
            for arg in parent.args:
                if arg is child:
                    break
                if name == "coalesce" and flat in code_of(arg.value):
                    return Fallback(parent, None, None)
            if any(_selects_missing(a, flat) for a in parent.args):
                return Fallback(parent, None, None)
            receiver = parent.func.value if isinstance(parent.func, cst.Attribute) else None
            while isinstance(receiver, cst.Call):
                if any(_selects_missing(a, flat) for a in receiver.args):
                    return Fallback(parent, None, None)
                receiver = receiver.func.value if isinstance(receiver.func, cst.Attribute) else None
        child, parent = parent, rule.parent(parent)
    return None


def _selects_missing(arg: cst.Arg, flat: str) -> bool:
    """`cancel_url__isnull=True`, `cancel_url=None` or `cancel_url=""`."""
    keyword = arg.keyword.value if arg.keyword is not None else ""
    value = code_of(arg.value).strip()
    field = keyword.rsplit("__", 2) if keyword.endswith("__isnull") else keyword.rsplit("__", 1)
    if keyword.endswith("__isnull"):  # payload__cancel_url__isnull=True (a JSON key) or cancel_url__isnull=True
        return field[-2] == flat and value == "True"
    return field[-1] == flat and value in ("None", '""', "''")


def _is_bool_arg(rule, parent) -> bool:
    call = rule.parent(parent) if isinstance(parent, cst.Arg) else None
    return isinstance(call, cst.Call) and _call_name(call) == "bool"


def _call_name(call: cst.Call) -> str | None:
    func = call.func
    return func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else None


def _store_context(rule, node) -> str | None:
    parent = rule.parent(node)
    while isinstance(parent, (cst.Tuple, cst.List, cst.Element, cst.StarredElement)):
        node, parent = parent, rule.parent(parent)
    if isinstance(parent, cst.AssignTarget) or (
        isinstance(parent, (cst.AugAssign, cst.AnnAssign)) and parent.target is node
    ):
        return "assign"
    if isinstance(parent, (cst.For, cst.CompFor)) and parent.target is node:
        return "assign"
    if isinstance(parent, cst.Del):
        return "del"
    return None


def _consumer(rule, node, parent) -> str:
    if isinstance(parent, (cst.For, cst.CompFor)) and parent.iter is node:
        return "iterate"
    if isinstance(parent, cst.Arg):
        call = rule.parent(parent)
        if isinstance(call, cst.Call) and isinstance(call.func, cst.Name):
            if call.func.value == "len":
                return "len"
            if call.func.value == "bool":
                return "truthiness"
            if call.func.value in ITERATING_CALLS:
                return "iterate"
    if isinstance(parent, (cst.If, cst.While, cst.IfExp, cst.Assert)) and getattr(parent, "test", None) is node:
        return "truthiness"
    if isinstance(parent, cst.UnaryOperation) and isinstance(parent.operator, cst.Not):
        return "truthiness"
    if isinstance(parent, cst.BooleanOperation):
        return "truthiness"
    if isinstance(parent, cst.CompIf):
        return "truthiness"
    return "other"


class UrlsUseRule(CodeRule):
    """Base of the rules about deprecated `urls` entries: each sees every use and picks its own."""

    tokens = ("urls",)

    @classmethod
    def prefilter_alternatives(cls, hosts) -> list:
        # Every entry is spelled with the string "urls" (R["urls"], .get("urls"), an alias set from one)
        # or as R.urls.K, and names a known key as a string or as that attribute.
        return [((b"urls",), (_urls_spelling, _key_spelling))]

    def __init__(self, settings, tree=None) -> None:
        super().__init__(settings, tree)
        self.version = settings.target_version or snapshots.latest_version()
        self.keys = known_keys(self.version)
        self.flat_names = frozenset(snapshots.url_key_map(self.version).values())
        self.constants: dict[str, list[str]] = {}  # NAME -> the string literals assigned to it anywhere
        self.name_keyed: list = []  # R["urls"][NAME]..., resolved once every binding is known
        self.dynamic: list = []  # (node, detail): reads of an entry whose key no literal names
        self.evidence: set[str] = set()  # containers read with a literal deprecated key, as written
        self.mentions_flat = False  # a string literal names a flat field (`"cancel_url"`)
        # (flat field, receiver as written) -> names assigned from that flat field (`link = appt.get("cancel_url")`)
        self.flat_holders: dict[tuple, set] = {}
        self.list_aliases: list = []  # (name bound once, the deprecated list it is bound to)
        self.evidence_roots: set = set()  # names whose urls object is read with a deprecated key
        self.whole_uses: list = []  # (node, urls object, what the code does with the whole object)
        self.own_urls_classes: set = set()  # classes that define `urls` as literal data of their own
        self.param_aliases: dict = {}  # id(lambda parameter) -> the urls object the lambda is applied to
        self.attribute_aliases: set = set()  # (id(class), attribute) set from a urls object: `self.links = a["urls"]`
        self.attribute_reads: list = []  # (node, entry) reads of `self.<attribute>["K"]`, judged in finish()
        self.alias_keyed: list = []  # (node, name): `u[kind]` / `u.get(kind)` where `u` may alias a urls object
        self.pattern_reads: list = []  # uses of `match` captures of a list's first URL, judged in finish()
        self.helpers = _helpers(self.tree) if self.tree is not None else {}
        self.first_helpers = frozenset(n for n, kind in self.helpers.items() if kind == ("first",))
        self.flat_reads: dict[tuple, list] = {}  # flat_scope_key -> whose flat field is read there (None: any)
        # Names (the first name of a chain) through which this file writes a payload's `urls`, a flat field, or
        # the payload as a whole (`appt["urls"]["join"] = [...]`, `u.clear()`, `appt.update(...)`): a read on
        # them may not see what the flat field holds, so it is not fixed.
        self.mutated: set[str] = set()  # filled by finish(), from self.writes
        self.writes = Writes(
            self.tree.parents if self.tree is not None else {},
            lambda node: _store_context(self, node) is not None,
            self._relevant_store,
        )
        # `urls` objects (as written) that this file also reads with a key this API's never has (`urls["ping"]`):
        # another API's, whatever other keys they share with it.
        self.foreign: set[str] = set()
        self.hit_containers: dict[int, str] = {}
        self.alias_names: set[str] = set()  # names assigned from a urls container somewhere in the file
        self.maybe_alias: list = []  # reads through a plain name, judged once the whole file is seen

    def check_use(self, use: Use) -> None:
        raise NotImplementedError

    def fallback_of(self, use: Use):
        """The guard making `use` a transitional fallback for its own flat field (see apptlint.code.fallbacks)."""
        from apptlint.code.fallbacks import find_fallback

        flat = snapshots.url_key_map(self.version).get(use.entry.key)
        if flat is None:
            return None
        if use.entry.form in ("path", "sequence"):
            return self._path_fallback(use, flat) or find_fallback(
                self, use.node, self._path_owner(use.entry.node), flat
            )
        receiver = use.entry.receiver
        if receiver is None and use.alias is not None:
            receiver = use.alias.receiver if use.alias.receiver is not None else use.alias.source
        return find_fallback(self, use.node, receiver, flat)

    def _path_owner(self, node):
        """The payload a path is applied to: the first argument of the call the path is given to
        (`pydash.get(appt, "urls.cancel[0]")`, `get_in([...], appt)` names it last)."""
        parent = self.parent(node)
        call = self.parent(parent) if isinstance(parent, cst.Arg) else None
        if not isinstance(call, cst.Call):
            return None
        others = [a.value for a in call.args if a is not parent and a.keyword is None]
        names = [o for o in others if isinstance(o, (cst.Name, cst.Attribute, cst.Subscript))]
        return names[0] if len(names) == 1 else None

    def _path_fallback(self, use, flat):
        """A path tried after the flat field: `"cancel_url || urls.cancel[0]"` (JMESPath), `COALESCE(p->>'cancel_url',
        p->'urls'->...)`, or `Coalesce("cancel_url", "urls.cancel.0")` (glom)."""
        from apptlint.code.fallbacks import Fallback

        node = use.entry.node
        text = node.value if isinstance(node, (cst.SimpleString, cst.FormattedStringText)) else ""
        if use.path is not None and flat in text[: use.path.start]:
            return Fallback(node, None, None)
        return _guarded_by_calls(self, node, flat)

    def _check(self, use: Use) -> None:
        before = len(self.reports)
        self.check_use(use)
        for hit in self.reports[before:]:
            self.hit_containers[id(hit)] = code_of(use.entry.container)

    def check_dynamic(self, node, detail: str) -> None:
        """A use of a deprecated entry (or of every entry) whose key no literal or constant names."""

    def check_pattern(self, node, key: str) -> None:
        """A `match` pattern that destructures a deprecated `urls` list."""

    def _visit(self, node) -> None:
        self._note_mutation(node)
        if isinstance(node, cst.Call):
            self._key_transforms(node)
            self._getter_composition(node)
            self._lambda_over_urls(node)
        if isinstance(node, cst.Attribute) and node.attr.value in self.flat_names:
            self.flat_reads.setdefault(self.flat_scope_key(node, node.attr.value), []).append(root_name(node.value))
        if isinstance(node, cst.Subscript):
            key = string_value(single_index(node))
            if (
                key is not None
                and key not in self.keys
                and key != "urls"
                and (urls_container(node.value) is not None or isinstance(node.value, cst.Name))
            ):
                self.foreign.add(code_of(node.value))
        entry = match_entry(node, self.keys, helpers=self.helpers)
        if entry is None:
            self._maybe_attribute_alias(node)
            self._maybe_dynamic(node)
            return
        if entry.form == "helper":
            self._check(use_of(self, entry, Alias(None)))
            return
        self.evidence.add(code_of(entry.container))
        if entry.receiver is not None:
            self.evidence_roots.add(root_name(entry.receiver))
        if entry.receiver is None:
            # `x["cancel"]` is only an alias read if x was set from a urls container; scopes are costly,
            # so wait until the walk has seen every assignment.
            self.maybe_alias.append(node)
            return
        use = find_use(self, node, entry)
        if use is not None:
            self._check(use)

    def _note_mutation(self, node) -> None:
        self.writes.visit(node)

    def _relevant_store(self, node) -> bool:
        """A store through which a urls read may stop matching its flat field: under `urls`, a flat field, a
        deprecated key, a key no literal names, or anywhere inside a urls object."""
        if isinstance(node, cst.Attribute):
            return node.attr.value == "urls" or node.attr.value in self.flat_names or node.attr.value in self.keys
        key = string_value(single_index(node))
        return (
            key is None
            or key == "urls"
            or key in self.flat_names
            or key in self.keys
            or urls_container(node.value) is not None
        )

    def _whole_use(self, node) -> None:
        """`"cancel" in appt["urls"]`, `del appt["urls"]`, `json.dumps(appt["urls"])`, `for k in appt["urls"]`: code
        that handles the urls object as a whole (judged once the file shows it is this API's)."""
        if urls_container(node) is None:
            return
        parent = self.parent(node)
        how = None
        if isinstance(parent, cst.ComparisonTarget) and parent.comparator is node:
            how = "tests which entries it has" if isinstance(parent.operator, (cst.In, cst.NotIn)) else "compares it"
        elif isinstance(parent, cst.Comparison) and parent.left is node:
            how = "compares it"
        elif _store_context(self, node) == "del":
            how = "deletes it"
        elif _store_context(self, node) == "assign":
            how = "replaces it"
        elif isinstance(parent, (cst.For, cst.CompFor)) and parent.iter is node:
            how = "iterates over its keys"
        elif isinstance(parent, cst.Arg) and not _is_urls_call_arg(self, parent):
            how = "passes it on whole"
        elif (
            isinstance(parent, cst.Assign)
            and parent.value is node
            and not all(isinstance(t.target, cst.Name) for t in parent.targets)
        ):
            how = "stores it whole"
        elif isinstance(parent, (cst.Return, cst.Yield)) or (
            isinstance(parent, cst.DictElement) and parent.value is node
        ):
            how = "hands it on whole"
        elif (
            (isinstance(parent, (cst.If, cst.While, cst.IfExp)) and parent.test is node)
            or isinstance(parent, cst.UnaryOperation)
            or _is_bool_arg(self, parent)
        ):
            how = "tests whether it is there"
        if how is not None:
            self.whole_uses.append((node, node, f"{how} (the whole `urls` object)"))

    def visit_Comparison(self, node: cst.Comparison) -> None:
        # `if "urls" in appt:` asks whether the payload still has the deprecated object
        if (
            string_value(node.left) == "urls"
            and len(node.comparisons) == 1
            and isinstance(node.comparisons[0].operator, (cst.In, cst.NotIn))
        ):
            subject = node.comparisons[0].comparator
            as_read = cst.Subscript(subject, [cst.SubscriptElement(cst.Index(node.left))])
            self.whole_uses.append((node, as_read, "tests whether the payload still has it (the whole `urls` object)"))

    def _maybe_attribute_alias(self, node) -> None:
        """`self.links["cancel"][0]` where `self.links = appt["urls"]` in the class: judged once the class is seen."""
        if isinstance(node, cst.Subscript):
            container, key_node = node.value, single_index(node)
            form = "subscript"
        elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "get":
            container, key_node = node.func.value, node.args[0].value if node.args else None
            form = "get"
        else:
            return
        key = string_value(key_node)
        if (
            key in self.keys
            and isinstance(container, cst.Attribute)
            and isinstance(container.value, cst.Name)
            and container.value.value in ("self", "cls")
            and container.attr.value != "urls"
        ):
            self.attribute_reads.append((node, Entry(node, key, key_node, form, container, None)))

    def _class_of(self, node):
        parent = self.parent(node)
        while parent is not None and not isinstance(parent, cst.ClassDef):
            parent = self.parent(parent)
        return parent

    def _follow_attribute_aliases(self) -> None:
        for node, entry in self.attribute_reads:
            cls = self._class_of(node)
            if cls is not None and (id(cls), entry.container.attr.value) in self.attribute_aliases:
                self._check(use_of(self, entry, Alias(None)))

    def _lambda_over_urls(self, node) -> None:
        """`df["urls"].apply(lambda u: u["ics"][0])`, `map(lambda u: u["cancel"][0], (a["urls"] for a in xs))`: the
        lambda's parameter is the urls object."""
        if not (isinstance(node, cst.Call) and node.args and isinstance(node.args[0].value, cst.Lambda)):
            return
        func, function = node.func, node.args[0].value
        source = func.value if isinstance(func, cst.Attribute) and func.attr.value in ("apply", "map") else None
        if source is None or urls_container(source) is None or len(function.params.params) != 1:
            return
        param = function.params.params[0].name
        self.param_aliases[id(param)] = source
        self.alias_names.add(param.value)

    def _maybe_dynamic(self, node) -> None:
        self._whole_use(node)
        if (  # appt.pop("urls", None): removes the whole object
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
            and node.func.attr.value == "pop"
            and node.args
            and string_value(node.args[0].value) == "urls"
        ):
            as_read = cst.Subscript(node.func.value, [cst.SubscriptElement(cst.Index(node.args[0].value))])
            self.whole_uses.append((node, as_read, "removes it (the whole `urls` object)"))
        if isinstance(node, cst.Subscript) and urls_container(node.value) is not None:
            key = single_index(node)
            if key is not None and not isinstance(key, (cst.SimpleString, cst.Integer, cst.Slice)):
                self.name_keyed.append(node)
        elif isinstance(node, cst.Subscript) and isinstance(node.value, cst.Name):
            key = single_index(node)  # `urls[kind]` through an alias: judged once the aliases are known
            if key is not None and isinstance(key, (cst.Name, cst.Attribute)):
                self.alias_keyed.append((node, node.value))
        elif (
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
            and node.func.attr.value == "get"
            and 1 <= len(node.args) <= 2
            and isinstance(node.args[0].value, (cst.Name, cst.Attribute))
            and isinstance(node.func.value, cst.Name)
        ):
            self.alias_keyed.append((node, node.func.value))
        elif (
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
            and node.func.attr.value == "get"
            and 1 <= len(node.args) <= 2
            and isinstance(node.args[0].value, (cst.Name, cst.Attribute))
            and urls_container(node.func.value) is not None
        ):
            self.name_keyed.append(node)
        elif (
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
            and node.func.attr.value in ("values", "items")
            and not node.args
            and urls_container(node.func.value) is not None
        ):
            self.dynamic.append((node, node.func.value, f"iterates over every entry (`.{node.func.attr.value}()`)"))

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if "urls" in node.value and "b" not in node.prefix.lower() and not self._is_docstring(node):
            self._check_paths(node, simple_string_value(node))
        text = node.value.strip("\"'")
        if text in self.flat_names:
            self.mentions_flat = True
            parent = self.parent(node)
            if not (isinstance(parent, cst.DictElement) and parent.key is node):  # a key of a dict being built
                self.flat_reads.setdefault(self.flat_scope_key(node, text), []).append(self._flat_owner(node))

    def visit_FormattedStringText(self, node: cst.FormattedStringText) -> None:
        if "urls" in node.value:
            self._check_paths(node, node.value)

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None and "urls__" in node.keyword.value:  # Django: filter(payload__urls__cancel__0=x)
            self.tree.parents[node.keyword] = node  # the walk records a child's parent after visiting the parent
            self._check_paths(node.keyword, node.keyword.value)

    def _getter_composition(self, node: cst.Call) -> None:
        """toolz/funcy: `compose(itemgetter(0), itemgetter("ics"), itemgetter("urls"))` reads right to left,
        `compose_left(...)`/`pipe`-style ones left to right: a path of getters."""
        name = _call_name(node)
        if name not in ("compose", "compose_left", "rcompose") or len(node.args) < 2:
            return
        keys = []
        for arg in node.args:
            getter = arg.value
            if not (isinstance(getter, cst.Call) and _is_name_call(getter, "itemgetter") and len(getter.args) == 1):
                return
            keys.append(getter.args[0].value)
        self._check_sequence(node, keys[::-1] if name == "compose" else keys)

    def _key_transforms(self, node: cst.Call) -> None:
        """Django's `KeyTextTransform("0", KeyTransform("cancel", KeyTransform("urls", "payload")))`: a path, inside out."""
        outer = self.parent(self.parent(node))
        if (
            _call_name(node) not in KEY_TRANSFORMS
            or isinstance(outer, cst.Call)
            and _call_name(outer) in KEY_TRANSFORMS
        ):
            return
        keys: list[cst.BaseExpression] = []
        current: cst.BaseExpression = node
        while isinstance(current, cst.Call) and _call_name(current) in KEY_TRANSFORMS and len(current.args) >= 2:
            keys.insert(0, current.args[0].value)
            current = current.args[1].value
        self._check_sequence(node, keys)

    def visit_Tuple(self, node: cst.Tuple) -> None:
        self._check_sequence(node, [e.value for e in node.elements])

    def visit_List(self, node: cst.List) -> None:
        self._check_sequence(node, [e.value for e in node.elements])

    def _is_docstring(self, node) -> bool:
        parent = self.parent(node)
        return isinstance(parent, cst.Expr) and parent.value is node

    def _check_paths(self, node, text) -> None:
        from apptlint.code.paths import path_reads

        if not isinstance(text, str):
            return
        # Where the value's text starts in the literal, so a finding points at the path itself.
        lead = None
        if isinstance(node, cst.SimpleString) and "\\" not in node.value:
            body = node.value[len(node.prefix) :]
            lead = len(node.prefix) + (3 if body[:3] in ('"""', "'''") else 1)
        elif isinstance(node, (cst.FormattedStringText, cst.Name)):
            lead = 0
        for path in path_reads(text, self.keys):
            entry = Entry(node, path.key, node, "path", node, None)
            before = len(self.reports)
            self._check(self._path_use(entry, node, path.index, path.wildcard, path))
            for hit in self.reports[before:]:
                if lead is not None and hit.node is node:
                    hit.within = (lead + path.start, lead + path.end)

    def _check_sequence(self, node, values) -> None:
        """`("urls", "cancel", 0)` as a path (get_in, reduce(getitem, ...), a JSON column index)."""
        from apptlint.code.paths import key_sequence

        literal = [simple_string_value(v) if isinstance(v, cst.SimpleString) else v for v in values]
        literal = [int(v.value) if isinstance(v, cst.Integer) else v for v in literal]
        if "urls" not in literal:
            return
        found = key_sequence(literal, self.keys)
        if found is not None:
            key, index = found
            self._check(self._path_use(Entry(node, key, node, "sequence", node, None), node, index, False, None))

    def _path_use(self, entry, node, index, wildcard, path) -> Use:
        if wildcard:
            return Use(entry, node, "iterate", path=path)
        if index == 0:
            return Use(entry, node, "read0", path=path)
        if index is not None:
            return Use(entry, node, "index", f"[{index}]", path=path)
        first = self._first_of_path_result(node)
        if first is not None:
            return Use(entry, first, "read0", path=path)
        parent = self.parent(node)
        spec = self.parent(parent) if isinstance(parent, cst.Element) else None
        if isinstance(spec, cst.Tuple) and spec.elements[0] is parent and len(spec.elements) == 2:
            if code_of(spec.elements[1].value).replace(" ", "") == "T[0]":  # glom: ("urls.join", T[0])
                return Use(entry, spec, "read0", path=path)
        return Use(entry, node, "other", path=path)

    def _first_of_path_result(self, node):
        """The expression reading the first element of what a path to a whole list yields, if any:
        `df["urls.cancel"].str[0]` / `.str.get(0)` / `.apply(lambda xs: xs[0])` (a pandas column of lists), or
        `glom(a, "urls.cancel")[0]`, `attrgetter("urls.cancel")(obj)[0]` (a call's result)."""
        parent = self.parent(node)
        holder = self.parent(self.parent(parent)) if isinstance(parent, cst.Index) else None
        if isinstance(holder, cst.Subscript):  # df["urls.cancel"]
            after = self.parent(holder)
            if isinstance(after, cst.Attribute) and after.attr.value == "str":
                outer = self.parent(after)
                if isinstance(outer, cst.Subscript) and is_zero(single_index(outer)):
                    return outer
                call = self.parent(outer) if isinstance(outer, cst.Attribute) and outer.attr.value == "get" else None
                if isinstance(call, cst.Call) and call.args and is_zero(call.args[0].value):
                    return call
            if isinstance(after, cst.Attribute) and after.attr.value in ("apply", "map"):
                call = self.parent(after)
                if isinstance(call, cst.Call) and call.args and _takes_first(call.args[0].value):
                    return call
            return None
        if isinstance(parent, cst.Arg):
            result = self.parent(parent)
            while isinstance(self.parent(result), cst.Call) and self.parent(result).func is result:
                result = self.parent(result)  # attrgetter("urls.cancel")(obj)
            outer = self.parent(result)
            if isinstance(outer, cst.Subscript) and outer.value is result and is_zero(single_index(outer)):
                return outer
            return _first_taken(self, result, outer)  # pick_first(attrgetter("urls.cancel")(appt))
        return None

    def _flat_owner(self, key) -> str | None:
        """The name whose flat field a string key reads or tests (`X["K_url"]`, `X.get("K_url")`, `"K_url" in X`,
        `getattr(X, "K_url")`, a `match X` pattern); None when the string is not one of those (any payload)."""
        parent = self.parent(key)
        if isinstance(parent, cst.Index):
            subscript = self.parent(self.parent(parent))
            return root_name(subscript.value) if isinstance(subscript, cst.Subscript) else None
        if isinstance(parent, cst.Arg):
            call = self.parent(parent)
            if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute):
                return root_name(call.func.value)
            if isinstance(call, cst.Call) and call.args and call.args[0] is not parent:
                return root_name(call.args[0].value)  # getattr/hasattr(X, "K_url")
            return None
        if isinstance(parent, cst.Comparison):
            target = next(
                (c.comparator for c in parent.comparisons if isinstance(c.operator, (cst.In, cst.NotIn))), None
            )
            return root_name(target) if target is not None else None
        node = parent
        while node is not None and not isinstance(node, cst.BaseStatement):
            node = self.parent(node)
        if isinstance(node, cst.MatchCase):
            match = self.parent(node)
            return root_name(match.subject) if isinstance(match, cst.Match) else None
        return None

    def flat_scope_key(self, node, flat: str) -> tuple:
        """(flat field, the function or module `node` runs in): where a flat field is read or tested."""
        parent = self.parent(node)
        while parent is not None and not isinstance(parent, (cst.FunctionDef, cst.Lambda)):
            parent = self.parent(parent)
        return (flat, id(parent))

    def flat_context(self, read, flat: str, roots: set) -> str | None:
        """How the code around a deprecated read of `flat`'s list, on a payload named by `roots`, also reads `flat`
        on the same payload: "compare" when a comparison or assertion holds both (a consistency check), "guard"
        when its function (or module) reads or tests it anywhere, through any alias (the read may run only when
        `flat` is missing: a fallback), else None."""
        owners = self.flat_reads.get(self.flat_scope_key(read, flat))
        if not owners:
            return None
        if not any(owner is None or any(self.writes.connected(owner, r) for r in roots) for owner in owners):
            return None
        node = self.parent(read)
        while node is not None and not isinstance(node, (cst.BaseStatement, cst.BaseSmallStatement)):
            if isinstance(node, cst.Comparison) or (
                isinstance(node, cst.Call) and (_call_name(node) or "").lower().startswith("assert")
            ):
                if re.search(rf"\b{re.escape(flat)}\b", code_of(node)):
                    return "compare"
            node = self.parent(node)
        if isinstance(node, cst.Assert) and re.search(rf"\b{re.escape(flat)}\b", code_of(node)):
            return "compare"
        return "guard"

    def read_roots(self, use) -> set:
        """The names a deprecated read reaches its payload through (the receiver, and an alias's name)."""
        receiver = use.entry.receiver if use.entry.receiver is not None else (use.alias.receiver if use.alias else None)
        return {root_name(receiver), root_name(use.entry.container)} - {None}

    def visit_MatchMapping(self, node) -> None:
        for element in node.elements:
            if string_value(element.key) == "urls" and isinstance(element.pattern, cst.MatchMapping):
                for inner in element.pattern.elements:
                    key = string_value(inner.key)
                    if key in self.keys and _captures_first(inner.pattern):
                        # `case {"urls": {"cancel": [url, *_]}}` binds the first URL: a read of it, judged once
                        # the walk has recorded the pattern's parents (an earlier `case` may guard it)
                        entry = Entry(inner, key, inner.key, "pattern", element, self._match_subject(node))
                        self.pattern_reads.append(Use(entry, inner, "read0", rewritable=False))
                    elif key in self.keys:
                        self.check_pattern(inner, key)

    def _match_subject(self, pattern):
        node = self.parent(pattern)
        while node is not None and not isinstance(node, cst.Match):
            node = self.parent(node)
        return node.subject if node is not None else None

    def _resolve_key(self, name):
        """The values a key name holds: a module or class constant (`CANCEL`, `Keys.CANCEL`), or the literals a
        `for` loop runs over."""
        if isinstance(name, cst.Attribute):
            values = self.constants.get(name.attr.value)
            return (values[0],) if name.attr.value.isupper() and values and len(values) == 1 else None
        bindings = self.bindings_of(name.value, name)
        if bindings:
            if len(bindings) != 1:
                return None
            binding = bindings[0]
            loop = self.parent(binding)
            if isinstance(loop, cst.For) and loop.target is binding and isinstance(loop.iter, (cst.Tuple, cst.List)):
                looped = [string_value(e.value) for e in loop.iter.elements]
                return tuple(v for v in looped if v is not None) if looped and None not in looped else None
        values = self.constants.get(name.value)
        if (
            name.value.isupper()
            and values
            and len(values) == 1
            and bindings is not None
            and (not bindings or isinstance(self.parent(bindings[0]), cst.AssignTarget))
        ):
            return (values[0],)
        return None

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            value = string_value(node.value)
            if value is not None:
                self.constants.setdefault(node.targets[0].target.value, []).append(value)
        if urls_container(node.value) is not None:
            self.alias_names.update(t.target.value for t in node.targets if isinstance(t.target, cst.Name))
            for t in node.targets:  # self.links = appt["urls"]
                target = t.target
                if (
                    isinstance(target, cst.Attribute)
                    and isinstance(target.value, cst.Name)
                    and target.value.value
                    in (
                        "self",
                        "cls",
                    )
                ):
                    cls = self._class_of(node)
                    if cls is not None:
                        self.attribute_aliases.add((id(cls), target.attr.value))
        self.writes.visit_binding(node)
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            if match_entry(node.value, self.keys, helpers=self.helpers) is not None:
                self.list_aliases.append((node.targets[0].target, node.value))
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name) and self.flat_names:
            from apptlint.code.fallbacks import flat_field_of

            for flat in self.flat_names:
                found = flat_field_of(node.value, flat)
                if found is not None:
                    holders = self.flat_holders.setdefault((flat, code_of(found[0])), set())
                    holders.add(node.targets[0].target.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None and urls_container(node.value) is not None and isinstance(node.target, cst.Name):
            self.alias_names.add(node.target.value)
        self.writes.visit_binding(node)

    def visit_For(self, node: cst.For) -> None:
        self.writes.visit_binding(node)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self.writes.visit_binding(node)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        self.writes.visit_binding(node)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self.writes.visit_binding(node)
        if isinstance(node.target, cst.Name) and match_entry(node.value, self.keys, helpers=self.helpers) is not None:
            self.list_aliases.append((node.target, node.value))

    def finish(self) -> None:
        self.mutated = self.writes.reaching()
        for node in self.name_keyed:
            entry = match_entry(node, self.keys, self._resolve_key)
            if entry is not None and entry.receiver is not None:
                use = find_use(self, node, entry)
                if use is not None:
                    self._check(use)
            else:
                # `R["urls"][k]` or `R["urls"].get(k, ...)`: the urls object either way
                container = cast(cst.Attribute, node.func).value if isinstance(node, cst.Call) else node.value
                self.dynamic.append((node, container, "reads an entry whose key is not a literal"))
        for node, name in self.alias_keyed:
            if name.value in self.alias_names:
                alias = resolve_alias(self, name)
                key = node.args[0].value if isinstance(node, cst.Call) else single_index(node)
                if alias is not None and alias.source is not None and not self._resolve_key(key):
                    self.dynamic.append((node, name, "reads an entry whose key is not a literal"))
        for node, container, detail in self.dynamic + self.whole_uses:
            # Another API's `urls` is read the same way: only report where this file shows it is this API's,
            # for this value (its object read with a deprecated key, or a flat field read on the same payload).
            if self.same_value_evidence(container):
                before = len(self.reports)
                self.check_dynamic(node, detail)
                for hit in self.reports[before:]:
                    self.hit_containers[id(hit)] = code_of(container)
        for node in self.maybe_alias:
            entry = match_entry(node, self.keys)
            if (
                entry is not None
                and isinstance(entry.container, cst.Name)
                and entry.container.value in self.alias_names
            ):
                use = find_use(self, node, entry)
                if use is not None:
                    self._check(use)
        for use in self.pattern_reads:
            self._check(use)
        self._follow_list_aliases()
        self._follow_attribute_aliases()
        self.judge_late()
        if self.foreign:
            self.reports = [h for h in self.reports if self.hit_containers.get(id(h)) not in self.foreign]
        if self.own_urls_classes:
            self.reports = [h for h in self.reports if not self._reads_own_urls(h)]

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        # `class HelpLinks: urls = {"cancel": ["/help/cancel"]}`: the class's own data, read as `self.urls[...]`.
        body = node.body.body if isinstance(node.body, cst.IndentedBlock) else ()
        for line in body:
            for small in line.body if isinstance(line, cst.SimpleStatementLine) else ():
                # A plain class attribute holding data; `urls: dict = {}` is a model field's default, not data.
                target = small.targets[0].target if isinstance(small, cst.Assign) and len(small.targets) == 1 else None
                if (
                    isinstance(small, cst.Assign)
                    and isinstance(target, cst.Name)
                    and target.value == "urls"
                    and isinstance(small.value, (cst.Dict, cst.List, cst.Tuple, cst.Set))
                    and small.value.elements
                ):
                    self.own_urls_classes.add(id(node))
        self._note_validator(node)

    def _note_validator(self, cls: cst.ClassDef) -> None:
        """pydantic: in `@validator("cancel_url")` / `@field_validator("cancel_url")`, the value parameter holds the
        flat field, so `v or values["urls"]["cancel"][0]` is a fallback."""
        body = cls.body.body if isinstance(cls.body, cst.IndentedBlock) else ()
        for function in body:
            if not isinstance(function, cst.FunctionDef):
                continue
            params = [p.name.value for p in function.params.params if p.name.value not in ("self", "cls")]
            for decorator in function.decorators:
                call = decorator.decorator
                if isinstance(call, cst.Call) and _call_name(call) in ("validator", "field_validator") and params:
                    for arg in call.args:
                        field = string_value(arg.value)
                        if field in self.flat_names:
                            self.flat_holders.setdefault((field, "*"), set()).add(params[0])

    def _reads_own_urls(self, hit) -> bool:
        """Is `hit` a read of `self.urls` / `cls.urls` inside a class that defines `urls` as literal data?"""
        container = self.hit_containers.get(id(hit), "")
        if not container.replace(" ", "").startswith(("self.urls", "cls.urls")):
            return False
        node = self.parent(hit.node)
        while node is not None and not isinstance(node, cst.ClassDef):
            node = self.parent(node)
        return node is not None and id(node) in self.own_urls_classes

    def _follow_list_aliases(self) -> None:
        """`links = appt["urls"]["confirm"]` then `links[0]`, `len(links)`, `for l in links`: each use of the name is a
        use of the list, reported where it happens (and the assignment itself, no longer, as "uses the whole list")."""
        from apptlint.code.flow import uses_of_name

        followed = set()
        for target, value in self.list_aliases:
            entry = match_entry(value, self.keys, helpers=self.helpers)
            if entry is None:
                continue
            through_alias = entry.receiver is None and entry.form != "helper"
            if through_alias and not (
                isinstance(entry.container, cst.Name) and entry.container.value in self.alias_names
            ):
                continue
            uses = uses_of_name(self, target)
            if not uses:
                continue
            followed.add(id(value))
            for name in uses:
                self._check(
                    use_of(self, Entry(name, entry.key, entry.key_node, "alias", entry.container, None), Alias(None))
                )
        if followed:
            self.reports = [h for h in self.reports if id(h.node) not in followed]

    def same_value_evidence(self, container) -> bool:
        """Does the file show that this urls object is this API's: read with a deprecated key as written, or on
        a payload (through any alias) whose urls lists or flat fields the file reads?"""
        if code_of(container) in self.evidence:
            return True
        receiver = urls_container(container)
        root = root_name(receiver) if receiver is not None else None
        if root is None:
            return False
        owners = self.evidence_roots | {o for group in self.flat_reads.values() for o in group if o is not None}
        return any(self.writes.connected(root, owner) for owner in owners if owner is not None)

    def names_by_value(self) -> dict:
        found: dict[str, list[cst.Name]] | None = self.tree.__dict__.get("names_by_value")
        if found is None:
            found = {}
            self.tree.__dict__["names_by_value"] = found
            for name in self.tree.names:
                found.setdefault(name.value, []).append(name)
        return found

    def judge_late(self) -> None:
        """For rules that decide once every read and flat field of the file is known (before foreign `urls`
        objects are set aside)."""

    def visit_Subscript(self, node: cst.Subscript) -> None:
        self._visit(node)

    def visit_Call(self, node: cst.Call) -> None:
        self._visit(node)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._visit(node)


# The prefilter's patterns are functions, built from the snapshots only once a file has "urls" in it.
@lru_cache(maxsize=None)
def _key_alternatives() -> bytes:
    return b"|".join(re.escape(k.encode()) for k in sorted(any_version_keys()))


def _quoted(word: bytes) -> bytes:
    # Quotes spelled out rather than as a class ["']: `re` then scans for literals, about 3x faster here.
    return b'"' + word + b"\"|'" + word + b"'"


def _attribute_spelling() -> bytes:
    return rb"\.\s*urls\s*\.\s*(?:" + _key_alternatives() + rb")\b"


@lru_cache(maxsize=None)
def _urls_spelling() -> bytes:
    # "urls" quoted, or `.urls` then `[`, `.get`, `.values()`/`.items()`, a key, or the end of an expression
    # (R.urls["K"], R.urls.get(...), `u = R.urls`, `getattr(R.urls, "K")`; so `from django.urls import` and
    # "app.urls" do not count). Written to start with the word itself, so `re` scans for it: the quote before
    # it is checked behind, and the dot before it is left out, which lets only a few more files through.
    keys = _key_alternatives()
    return rb"urls(?:(?<=[\"']urls)[\"']|__|/|:|\]|\s*(?:[\[;#\r\n),]|\.\s*(?:get|values|items|" + keys + rb")\b))"


@lru_cache(maxsize=None)
def _key_spelling() -> bytes:
    # a key, or a flat field's name (the evidence that makes a dynamic read this API's)
    # ... or a path spelled as data: `urls.cancel.0`, `urls__cancel__0`, `urls/ics/0`, `[urls][ics]`, `{urls,ics,0}`
    path = rb"urls(?:\.|__|/|:|\]\[['\"]?|,\s*)(?:" + _key_alternatives() + rb")"
    return _quoted(b"(?:" + _key_alternatives() + b")(?:_url)?") + b"|" + _attribute_spelling() + b"|" + path
