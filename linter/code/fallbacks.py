"""Transitional fallbacks: a deprecated `urls` read that only runs when its own flat field is missing.

Code written during the 1.5 -> 1.6 transition reads the flat field and falls back to `urls`:

    appt.get("cancel_url") or appt["urls"]["cancel"][0]
    appt["urls"]["cancel"][0] if not appt.get("cancel_url") else ...      (any test naming the field)
    if "cancel_url" in appt: ... else: link = appt["urls"]["cancel"][0]   (hasattr, .get, getattr too)
    try: link = appt["cancel_url"] except KeyError: link = appt["urls"]["cancel"][0]
    appt.get("cancel_url", appt["urls"]["cancel"][0]);  getattr(appt, "cancel_url", ...)

Rewriting the fallback into the field it just failed to read would break it, so such a read is the
fallback rule's (APT004), never APT001's. The evidence: the guard names the flat field (`K_url`) and
the same receiver, as written, within the same statement or the enclosing `if`/`try`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

from apptlint.code.tree import code_of

if TYPE_CHECKING:
    from apptlint.code.writes import Writes


@dataclass
class Fallback:
    guard: cst.CSTNode  # the expression or statement that tries the flat field first
    whole: cst.BooleanOperation | None  # `FLAT or DEPRECATED`, the one form with a mechanical rewrite
    flat_access: cst.BaseExpression | None  # FLAT in that form


def _names_field(node, receiver, flat: str, holders: frozenset = frozenset()) -> bool:
    """Does `node` test the flat field of `receiver`, directly or through a name that holds it (`link`, after
    `link = appt.get("cancel_url")`)? `receiver` is its spelling, or a Receiver (which also knows its aliases)."""
    text = code_of(node)
    if re.search(rf"\b{re.escape(flat)}\b", text) is not None:
        if receiver in text if isinstance(receiver, str) else receiver.named_in(node, text):
            return True
    return any(re.search(rf"\b{re.escape(h)}\b", text) for h in holders)


@dataclass
class Receiver:
    """The payload a read is on: its spelling, and the names that may be the same object (`_alias = appt`)."""

    text: str
    name: str | None
    writes: Writes

    def named_in(self, node, text: str) -> bool:
        if self.text in text:
            return True
        if self.name is None:
            return False
        stack = [node]
        while stack:
            current = stack.pop()
            if isinstance(current, cst.Name) and self.writes.connected(current.value, self.name):
                return True
            stack.extend(current.children)
        return False


def find_fallback(rule, read: cst.CSTNode, receiver: cst.BaseExpression | None, flat: str) -> Fallback | None:
    """The guard that makes `read` (a deprecated read on `receiver`) a fallback for `flat`, if any."""
    if receiver is None:
        return None
    spelled = code_of(receiver)
    holders = frozenset(rule.flat_holders.get((flat, spelled), ())) | frozenset(rule.flat_holders.get((flat, "*"), ()))
    # The same payload under another name (`_alias = appt`) guards it too.
    who = Receiver(spelled, receiver.value if isinstance(receiver, cst.Name) else None, rule.writes)
    child, parent = read, rule.parent(read)
    while parent is not None and not isinstance(parent, (cst.FunctionDef, cst.ClassDef, cst.Module)):
        if (
            isinstance(parent, cst.BooleanOperation)
            and parent.right is child
            and _names_field(parent.left, who, flat, holders)
            and (isinstance(parent.operator, cst.Or) or _negated(parent.left) is not False)
        ):  # `FLAT or READ`, `not FLAT and READ` (but `FLAT and READ` runs only when the field is there)
            return Fallback(parent, parent if isinstance(parent.operator, cst.Or) else None, parent.left)
        if (
            isinstance(parent, (cst.IfExp, cst.If, cst.While))
            and child is not parent.test
            and _names_field(parent.test, who, flat, holders)
            and _runs_when_missing(parent, child)
        ):
            return Fallback(parent, None, None)
        if isinstance(parent, cst.Try) and child is not parent.body and _names_field(parent.body, who, flat):
            return Fallback(parent, None, None)
        if isinstance(parent, cst.Match) and isinstance(child, cst.MatchCase):
            earlier = parent.cases[: list(parent.cases).index(child)]
            if who.named_in(parent.subject, code_of(parent.subject)) and any(
                _names_field(c.pattern, flat, flat) for c in earlier
            ):
                return Fallback(parent, None, None)  # a `case` after one that matched the flat field
        if isinstance(parent, cst.Arg):
            call = rule.parent(parent)
            if isinstance(call, cst.Call) and _is_coalesce(call, parent, flat):
                return Fallback(call, None, None)
        if isinstance(parent, (cst.IndentedBlock, cst.Module)):
            guard = _early_exit_before(rule, parent, child, who, flat, holders)
            if guard is not None:
                return Fallback(guard, None, None)
        child, parent = parent, rule.parent(parent)
    return None


def _is_exit(statement) -> bool:
    return isinstance(statement, (cst.Return, cst.Raise, cst.Continue, cst.Break))


def _early_exit_before(rule, block, statement, who, flat: str, holders: frozenset = frozenset()):
    """An earlier statement of the block that exits once it has the flat field: `if obj.get("K_url"): return ...`,
    or `with suppress(KeyError): return obj["K_url"]` (and a `try` doing the same). The statements after it are
    the fallback."""
    index, exits = _exits_of(rule, block)
    position = index.get(id(statement))
    if position is None:
        return None
    for at, earlier in exits:
        if at >= position:
            return None
        if isinstance(earlier, cst.If):
            if _names_field(earlier.test, who, flat, holders):
                return earlier
        elif _names_field(earlier.body, who, flat, holders):
            return earlier
    return None


def _exits_of(rule, block):
    """Per block, once: each statement's index, and the statements that may exit early (a module of 10,000 reads
    asks this 10,000 times)."""
    cache = rule.__dict__.setdefault("_block_exits", {})
    found = cache.get(id(block))
    if found is None:
        body = list(block.body)
        exits = [
            (i, s) for i, s in enumerate(body) if isinstance(s, (cst.If, cst.With, cst.Try)) and _ends_in_exit(s.body)
        ]
        found = cache[id(block)] = ({id(s): i for i, s in enumerate(body)}, exits)
    return found


def _ends_in_exit(body) -> bool:
    last = body.body[-1] if isinstance(body, cst.IndentedBlock) and body.body else None
    if isinstance(last, cst.SimpleStatementLine):
        return _is_exit(last.body[-1])
    return isinstance(body, cst.SimpleStatementSuite) and _is_exit(body.body[-1])


def _negated(test) -> bool | None:
    """Is `test` true when the flat field is missing (`not x.get(F)`, `F not in x`, `x.get(F) is None`), false
    then (`x.get(F)`, `F in x`, `hasattr(x, F)`), or neither for sure (None)?"""
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        inner = _negated(test.expression)
        return None if inner is None else not inner
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1:
        target = test.comparisons[0]
        operator, right = target.operator, code_of(target.comparator).strip()
        if isinstance(operator, cst.NotIn):
            return True
        if isinstance(operator, cst.In):
            return False
        if isinstance(operator, (cst.Is, cst.Equal)) and right in ("None", '""', "''"):
            return True
        if isinstance(operator, (cst.IsNot, cst.NotEqual)) and right in ("None", '""', "''"):
            return False
        return None
    if isinstance(test, (cst.Call, cst.Subscript, cst.Attribute, cst.Name, cst.NamedExpr)):
        return False
    return None


def _runs_when_missing(statement, branch) -> bool:
    """Does `branch` of an `if`/`while`/conditional expression run when its test says the flat field is missing?
    With a test of unknown sense, either branch may: both count."""
    negated = _negated(statement.test)
    if negated is None:
        return True
    in_body = branch is statement.body
    return in_body if negated else not in_body


def eager_default_of(rule, read) -> bool:
    """`appt.get("cancel_url", READ)` / `getattr(obj, "cancel_url", READ)`: the default is evaluated every time,
    so the read raises once `urls` is gone even where the flat field is present."""
    parent = rule.parent(read)
    while parent is not None and not isinstance(parent, (cst.BaseStatement, cst.BaseSmallStatement)):
        if isinstance(parent, cst.Arg):
            call = rule.parent(parent)
            if isinstance(call, cst.Call) and call.args and parent is not call.args[0] and _flat_default(call):
                return True
        parent = rule.parent(parent)
    return False


def _flat_default(call: cst.Call) -> bool:
    func = call.func
    name = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else None
    strings = [a.value for a in call.args if isinstance(a.value, cst.SimpleString)]
    return name in ("get", "getattr", "setdefault") and any(s.value[1:-1].endswith("_url") for s in strings)


def _is_coalesce(call: cst.Call, arg, flat: str) -> bool:
    """`func.coalesce(T.cancel_url, T.payload["urls"]["cancel"][0])`: an earlier argument names the flat field."""
    func = call.func
    name = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
    if name.lower() != "coalesce":
        return False
    earlier = list(call.args)[: list(call.args).index(arg)]
    return any(re.search(rf"\b{re.escape(flat)}\b", code_of(a.value)) for a in earlier)


def _flat_lookup(call: cst.Call, flat: str) -> bool:
    """`R.get("K_url", DEFAULT)` or `getattr(R, "K_url", DEFAULT)`: the default is a fallback."""
    func = call.func
    name = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else None
    strings = [a.value for a in call.args if isinstance(a.value, cst.SimpleString)]
    return name in ("get", "getattr") and any(flat in s.value for s in strings)


def flat_field_of(access: cst.BaseExpression, flat: str):
    """For `R.get("K_url")` / `R["K_url"]` / `getattr(R, "K_url"[, None])` / `R.K_url`: (R, how it is spelled)."""
    if (
        isinstance(access, cst.Call)
        and isinstance(access.func, cst.Attribute)
        and access.func.attr.value == "get"
        and len(access.args) == 1
        and _is_string(access.args[0].value, flat)
    ):
        return access.func.value, "subscript"
    if (
        isinstance(access, cst.Call)
        and isinstance(access.func, cst.Name)
        and access.func.value == "getattr"
        and len(access.args) in (2, 3)
        and _is_string(access.args[1].value, flat)
        and (len(access.args) == 2 or code_of(access.args[2].value) == "None")
    ):
        return access.args[0].value, "attribute"
    if (
        isinstance(access, cst.Subscript)
        and len(access.slice) == 1
        and isinstance(access.slice[0].slice, cst.Index)
        and _is_string(access.slice[0].slice.value, flat)
    ):
        return access.value, "subscript"
    if isinstance(access, cst.Attribute) and access.attr.value == flat:
        return access.value, "attribute"
    return None


def _is_string(node, value: str) -> bool:
    return isinstance(node, cst.SimpleString) and node.value[1:-1] == value and node.prefix == ""
