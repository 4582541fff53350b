"""Property tests (a fuzzer) of `apptlint check --fix --unsafe-fixes` for the `urls` rules (APT0xx).

Two kinds of property:

* Soundness on arbitrary code: hypothesmith-generated programs, and real files of the test
  venv's site-packages, mutated with libcst by inserting deprecated reads
  (`appt["urls"]["cancel"][0]`, `.get` chains, `x.urls.ics[0]`, `FLAT or READ` fallbacks, oddly
  formatted and nested),
  aliases (`u = appt["urls"]`), rebindings of the receiver (every binding form, also inside
  blocks) and writes through the alias at random statement positions. For each: check_source
  does not raise, does not refuse its own fix, the fixed code compiles, a second fix changes
  nothing, and every byte the fix changed lies inside one deprecated-read expression of the
  input, or in the line of an alias assignment the fix removes as dead (comments, parentheses and
  line breaks elsewhere survive, the removed line's trailing comment too).
* Semantics: small executable programs that take an alias `u = appt["urls"]`, run random
  statements (rebinding `appt` in every form, at module level, in blocks, in functions, through
  `global`/`nonlocal`; writing through `u`; mutating `appt`) and then print `u["join"][0]`.
  The payloads are 1.6.0-shaped: every flat `K_url` equals `urls[K][0]`, so the rewrite to
  `appt["K_url"]` is meaning-preserving exactly when the read still sees the same, unmodified
  payload. The original and the fixed program must print the same and raise the same. Likewise
  for direct reads (no alias) in every spelling, near misses and APT004 fallbacks included.

Every property runs a bounded number of examples so the file stays fast in CI. To fuzz longer,
set APPTLINT_FUZZ_EXAMPLES (default 60), the max_examples of each property (hypothesmith's slow
from_node programs and each of the 18 semantic family x shape combinations get a third of it), e.g.

    APPTLINT_FUZZ_EXAMPLES=3000 .venv/bin/python -m pytest tests/test_fix_properties.py -x

Hypothesis prints the minimal failing example's program (the `note`s) and keeps it in
.hypothesis/ so the next run replays it first. The minimal reproducers the fuzzer found are also
kept as plain parametrized cases at the end (test_fuzz_finds_*), so they fail or pass on every run
whatever the random search hits.
"""

from __future__ import annotations

import contextlib
import difflib
import inspect
import io
import os
import re
import sys
import sysconfig
import types
from functools import lru_cache
from pathlib import Path

import hypothesmith
import libcst as cst
import pytest
from hypothesis import HealthCheck, Phase, assume, event, given, note, settings
from hypothesis.control import currently_in_test_context
from hypothesis import strategies as st
from libcst.metadata import MetadataWrapper, PositionProvider, WhitespaceInclusivePositionProvider

from apptlint.code.engine import check_source
from apptlint.core import registry
from apptlint.core.config import Settings

# The `urls` rules (APT001 read rewrite, APT002/APT003 reports, and the fallback rule APT004 where it exists).
CODES = [r.code for r in registry.code_rules() if r.code.startswith("APT0")]
# The read rewrites are unsafe-tier fixes (they assume 1.6.0 payloads, which these tests do): apply them.
UNSAFE = {"unsafe_fixes": True} if "unsafe_fixes" in inspect.signature(check_source).parameters else {}
EXAMPLES = int(os.environ.get("APPTLINT_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],  # no slow "explain" phase
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
    ],
)
# The slowest generator (hypothesmith's from_node) and the 18 semantic combinations get a third each.
FUZZ_THIRD = settings(FUZZ, max_examples=max(10, EXAMPLES // 3))
# Keys with a flat `K_url` field, then keys that have none (APT003) or belong to other APIs.
FLAT_KEYS = ("cancel", "reschedule", "ics", "add_to_calendar", "confirm", "join")
OTHER_KEYS = ("add_to_google_calendar", "html")


def run_fix(src: str | bytes):
    data = src.encode() if isinstance(src, str) else src
    return check_source("fuzz.py", data, Settings(), CODES, fix=True, **UNSAFE)


# ----------------------------------------------------------------------------------------------
# Strategies: deprecated reads, aliases, rebindings and writes, as source text.


def _quoted(draw, word: str) -> str:
    return draw(st.sampled_from(['"{}"', "'{}'", 'u"{}"', "r'{}'", '"""{}"""'])).format(word)


RECEIVERS = ("appt", "self.appt", 'event["object"]', "get_appt()", "(appt)", "appts[i]", "obj")


@st.composite
def deprecated_reads(draw, depth: int = 0, multiline_ok: bool = True) -> str:
    """One read of `urls.K[...]` in any spelling the rules know, plus near misses, oddly formatted.

    Near misses: other keys, other indexes, `[]` defaults, and one-element tuples (`["cancel",]`, `[0,]`).
    """
    multiline = multiline_ok and draw(st.booleans())
    gaps = ["", " ", "\n    ", "  # note\n    ", " \\\n    "] if multiline else ["", " "]

    def g() -> str:
        return draw(st.sampled_from(gaps))

    if depth < 1 and draw(st.integers(0, 5)) == 5:
        receiver = draw(deprecated_reads(depth + 1, multiline_ok))  # a read whose receiver is itself a read
    else:
        receiver = draw(st.sampled_from(RECEIVERS))
    key = draw(st.sampled_from(FLAT_KEYS + OTHER_KEYS))
    index = draw(st.sampled_from(["0", "0", "0", "1", "-1", "i", "0,"]))
    if depth < 1 and draw(st.integers(0, 5)) == 5:
        default = draw(deprecated_reads(depth + 1, multiline_ok))
    else:
        default = draw(st.sampled_from(["None", '""', '"x"', "DEFAULT"]))
    urls, k = _quoted(draw, "urls"), _quoted(draw, key)
    if draw(st.integers(0, 7)) == 7:
        urls += ","  # a one-element tuple, not the string
    if draw(st.integers(0, 7)) == 7:
        k += ","
    form = draw(st.sampled_from(["sub", "get_get", "sub_get", "attr", "attr_sub", "get_empty", "get_nodefault"]))
    urls_arg, k_arg = urls.rstrip(","), k.rstrip(",")  # as call arguments
    container = {
        "sub": f"{receiver}{g()}[{g()}{urls}{g()}]",
        "get_get": f"{receiver}{g()}.{g()}get({g()}{urls_arg},{g()}{{}}{g()})",
        "get_empty": f"{receiver}.get({urls_arg}, {{}})",
        "get_nodefault": f"{receiver}.get({urls_arg})",
        "sub_get": f"{receiver}{g()}[{g()}{urls}{g()}]",
        "attr": f"{receiver}{g()}.{g()}urls",
        "attr_sub": f"{receiver}{g()}.{g()}urls",
    }[form]
    if form == "attr":
        entry = f"{container}{g()}.{g()}{key}"
    elif form in ("sub", "attr_sub"):
        entry = f"{container}{g()}[{g()}{k}{g()}]"
    elif form == "get_empty":
        entry = f"{container}.get({k_arg}, [])"
    elif form == "get_nodefault":
        entry = f"{container}.get({k_arg})"
    else:
        entry = f"{container}{g()}.{g()}get({g()}{k_arg},{g()}[{g()}{default}{g()}]{g()})"
    read = f"{entry}{g()}[{g()}{index}{g()}]"
    if multiline or draw(st.integers(0, 3)) == 3:
        read = f"({g()}{read}{g()})"
    return read


@st.composite
def fallback_reads(draw, multiline_ok: bool = True) -> str:
    """A flat-field read with a deprecated read as its fallback (APT004's), or a near miss of one."""
    key = draw(st.sampled_from(FLAT_KEYS))
    other_key = draw(st.sampled_from(FLAT_KEYS))  # usually not the same field: no fallback then
    receiver = draw(st.sampled_from(["appt", "obj"]))
    read = draw(deprecated_reads(multiline_ok=multiline_ok))
    return draw(
        st.sampled_from(
            [
                f'{receiver}.get("{key}_url") or {receiver}["urls"]["{key}"][0]',
                f'{receiver}.get("{key}_url") or {receiver}.get("urls", {{}}).get("{key}", [None])[0]',
                f'getattr({receiver}, "{key}_url", None) or {receiver}.urls.{key}[0]',
                f'{receiver}.get("{other_key}_url") or {receiver}["urls"]["{key}"][0]',
                f'{receiver}["urls"]["{key}"][0] if "{key}_url" not in {receiver} else {receiver}["{key}_url"]',
                f'{receiver}.get("{key}_url", {receiver}["urls"]["{key}"][0])',
                f'{receiver}.get("{key}_url") or {read}',
            ]
        )
    )


ALIAS_NAMES = ("u", "urls")
RECEIVER_FORMS = ("appt", "(appt)")


@st.composite
def alias_statements(draw) -> str:
    name = draw(st.sampled_from(ALIAS_NAMES))
    receiver = draw(st.sampled_from(RECEIVER_FORMS))
    return draw(
        st.sampled_from(
            [
                f'{name} = {receiver}["urls"]',
                f"{name} = {receiver}['urls']",
                f'{name} = {receiver}.get("urls", {{}})',
                f'{name}: dict = {receiver}["urls"]',
                f"{name} = {receiver}.urls",
                f'{name} = self.appt["urls"]',
                f'{name} = {receiver}["urls"]  # the links',
            ]
        )
    )


@st.composite
def alias_reads(draw, name: str | None = None) -> str:
    name = name or draw(st.sampled_from(ALIAS_NAMES))
    key = draw(st.sampled_from(FLAT_KEYS + OTHER_KEYS))
    return draw(
        st.sampled_from(
            [
                f'{name}["{key}"][0]',
                f"{name}['{key}'][0]",
                f'{name}.get("{key}", [None])[0]',
                f'{name}.get("{key}", ["d"])[0]',
                f'{name}["{key}"][1]',
                f'({name}\n    ["{key}"]  # c\n    [0])',
            ]
        )
    )


def _indent(code: str, by: str = "    ") -> str:
    return "\n".join(by + line if line.strip() else line for line in code.splitlines())


# Forms that bind `appt` (to `other`, or to something else where Python leaves no choice).
REBIND_FORMS = (
    "appt = other",
    "appt: dict = other",
    "appt = b = other",
    "appt, b = other, 1",
    "[appt] = [other]",
    "appt, *rest = [other]",
    "appt += other",
    "appt |= other",
    "(appt := other)",
    "for appt in [other]:\n    pass",
    "for i, appt in enumerate([other]):\n    pass",
    "with nullcontext(other) as appt:\n    pass",
    "try:\n    raise KeyError\nexcept KeyError as appt:\n    pass",
    "match other:\n    case appt:\n        pass",
    "import json as appt",
    "from json import loads as appt",
    "def appt():\n    pass",
    "class appt:\n    pass",
    "del appt",
)
# Statements that are no rebinding (controls): the comprehension variable does not leak.
NEUTRAL_FORMS = (
    "pass",
    "x = 1",
    "xs = [appt for appt in [other]]",
    "print(appt['urls']['join'][0])",
)
# Writes through the alias or through the receiver's `urls`: the nested lists no longer agree with the flat fields.
WRITE_FORMS = (
    'u["join"] = ["https://changed/join"]',
    'u["join"][0] = "https://changed/join"',
    'u["join"].insert(0, "https://changed/join")',
    'u.update(other["urls"])',
    'del u["join"]',
    "u.clear()",
    'appt["urls"]["join"] = ["https://changed/join"]',
    'appt["urls"]["join"][0] = "https://changed/join"',
)
# In-place changes of the receiver itself: same binding, different payload.
MUTATE_FORMS = (
    "appt.update(other)",
    'appt["join_url"] = "https://changed/join"',
    'del appt["join_url"]',
    "appt.clear()",
    'appt["urls"] = other["urls"]',
)


def _blocks(body: str) -> list[str]:
    """`body` at statement level, or wrapped in each block kind."""
    return [
        body,
        "if True:\n" + _indent(body),
        "if not other:\n    pass\nelse:\n" + _indent(body),
        "for _ in [0]:\n" + _indent(body),
        "while True:\n" + _indent(body) + "\n    break",
        "try:\n" + _indent(body) + "\nexcept ZeroDivisionError:\n    pass",
        "try:\n    1 / 0\nexcept ZeroDivisionError:\n" + _indent(body),
        "try:\n    pass\nfinally:\n" + _indent(body),
        "with nullcontext():\n" + _indent(body),
    ]


@st.composite
def wrapped(draw, forms) -> str:
    return draw(st.sampled_from(_blocks(draw(st.sampled_from(forms)))))


@st.composite
def mutation_statements(draw) -> str:
    """A statement to insert into arbitrary code (never executed, only fixed). Choices shrink to plain reads."""
    kind = draw(st.sampled_from(["read", "read", "alias", "alias_read", "alias_read", "rebind", "write"]))
    if kind == "read":
        read = draw(st.one_of(deprecated_reads(), fallback_reads()))
        return draw(
            st.sampled_from(
                [
                    f"x = {read}",
                    f"print({read})",
                    f"if {read}:\n    pass",
                    f"f({read}, y)",
                    f"xs = [{read} for appt in appts]",
                    f"g = lambda: {read}",
                ]
            )
        )
    if kind == "alias":
        return draw(alias_statements())
    if kind == "alias_read":
        read = draw(alias_reads())
        return draw(st.sampled_from([f"x = {read}", f"print({read})", f"if {read}:\n    pass"]))
    if kind == "rebind":
        return draw(wrapped(REBIND_FORMS + NEUTRAL_FORMS))
    return draw(st.sampled_from(WRITE_FORMS))


# ----------------------------------------------------------------------------------------------
# Mutating a parsed module: statements inserted at random statement positions.


class _CollectBlocks(cst.CSTVisitor):
    def __init__(self) -> None:
        self.blocks: list = []

    def visit_Module(self, node) -> None:
        self.blocks.append(node)

    def visit_IndentedBlock(self, node) -> None:
        self.blocks.append(node)


class _Insert(cst.CSTTransformer):
    def __init__(self, plan: dict[int, list[tuple[int, cst.BaseStatement]]]) -> None:
        super().__init__()
        self.plan = plan

    def _apply(self, original, updated):
        inserts = self.plan.get(id(original))
        if not inserts:
            return updated
        body = list(updated.body)
        floor = _first_free_position(body) if isinstance(original, cst.Module) else 0
        for position, statement in sorted(inserts, key=lambda p: -p[0]):
            body.insert(max(floor, position % (len(body) + 1)), statement)
        return updated.with_changes(body=body)

    def leave_Module(self, original, updated):
        return self._apply(original, updated)

    def leave_IndentedBlock(self, original, updated):
        return self._apply(original, updated)


def _first_free_position(body) -> int:
    """Module-level statements go after any `from __future__` import (else the module would not compile)."""
    floor = 0
    for i, statement in enumerate(body):
        if isinstance(statement, cst.SimpleStatementLine) and any(
            isinstance(s, cst.ImportFrom) and isinstance(s.module, cst.Name) and s.module.value == "__future__"
            for s in statement.body
        ):
            floor = i + 1
    return floor


def mutate(draw, module: cst.Module) -> str:
    collector = _CollectBlocks()
    module.visit(collector)
    blocks = collector.blocks
    plan: dict[int, list] = {}
    for _ in range(draw(st.integers(1, 8))):
        block = blocks[draw(st.integers(0, len(blocks) - 1))]
        code = draw(mutation_statements())
        statement = cst.parse_statement(code + "\n", config=module.config_for_parsing)
        plan.setdefault(id(block), []).append((draw(st.integers(0, 10_000)), statement))
    return module.visit(_Insert(plan)).code


# ----------------------------------------------------------------------------------------------
# The soundness check.


def _compiles(src: str | bytes) -> bool:
    try:
        compile(src, "<fuzz>", "exec", dont_inherit=True)
        return True
    except (SyntaxError, ValueError):
        return False


def _libcst_parses(src: str) -> bool:
    try:
        cst.parse_module(src)
        return True
    except (cst.ParserSyntaxError, RecursionError):
        return False


def _is_urls_container(node) -> bool:
    if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        value = node.slice[0].slice.value
        return isinstance(value, cst.SimpleString) and value.evaluated_value == "urls"
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "get":
        return (
            bool(node.args)
            and isinstance(node.args[0].value, cst.SimpleString)
            and node.args[0].value.evaluated_value == "urls"
        )
    return isinstance(node, cst.Attribute) and node.attr.value == "urls"


def _is_entry(node) -> bool:
    """`C["K"]`, `C.get("K", ...)` or `R.urls.K` where C is a urls container or a plain name (an alias)."""
    if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        return isinstance(node.slice[0].slice.value, cst.SimpleString) and (
            _is_urls_container(node.value) or isinstance(node.value, cst.Name)
        )
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "get":
        return (
            bool(node.args)
            and isinstance(node.args[0].value, cst.SimpleString)
            and (_is_urls_container(node.func.value) or isinstance(node.func.value, cst.Name))
        )
    return isinstance(node, cst.Attribute) and isinstance(node.value, cst.Attribute) and node.value.attr.value == "urls"


def _is_deprecated_read(node) -> bool:
    return (
        isinstance(node, cst.Subscript)
        and len(node.slice) == 1
        and isinstance(node.slice[0].slice, cst.Index)
        and isinstance(node.slice[0].slice.value, cst.Integer)
        and node.slice[0].slice.value.value == "0"
        and _is_entry(node.value)
    )


def _is_fallback(node) -> bool:
    """`FLAT or READ`: APT004 rewrites the whole expression."""
    return (
        isinstance(node, cst.BooleanOperation)
        and isinstance(node.operator, cst.Or)
        and (_is_deprecated_read(node.right) or _is_deprecated_read(node.left))
    )


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for match in re.finditer(r"\r\n|\r|\n", text):
        starts.append(match.end())
    return starts


def read_spans(src: str) -> list[tuple[int, int]]:
    """Offsets [start, end) of what a fix may rewrite: every deprecated-read-shaped expression of `src`
    (parentheses included), every `FLAT or READ` fallback, and every alias assignment line (`u = R["urls"]`,
    removed when the fix rewrites its last read) without its trailing comment, which must survive."""
    module = cst.parse_module(src)
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    positions = wrapper.resolve(WhitespaceInclusivePositionProvider)
    syntactic = wrapper.resolve(PositionProvider)
    starts = _line_starts(src)

    def offset(position) -> int:
        return starts[position.line - 1] + position.column

    spans = []
    for node, where in positions.items():
        if _is_deprecated_read(node) or _is_fallback(node):
            spans.append((offset(where.start), offset(where.end)))
        elif _is_alias_line(node):
            start, end = starts[syntactic[node].start.line - 1], offset(syntactic[node.body[0]].end)
            # the blanks after it, and the line break when no comment follows (a comment must stay)
            end += re.match(r"[ \t;]*(\r\n|\r|\n)?", src[end:]).end()
            spans.append((start, end))
    return spans


def _is_alias_line(node) -> bool:
    if not (isinstance(node, cst.SimpleStatementLine) and len(node.body) == 1):
        return False
    statement = node.body[0]
    if isinstance(statement, cst.Assign) and len(statement.targets) == 1:
        target, value = statement.targets[0].target, statement.value
    elif isinstance(statement, cst.AnnAssign) and statement.value is not None:
        target, value = statement.target, statement.value
    else:
        return False
    return isinstance(target, cst.Name) and _is_urls_container(value)


def changed_regions(old: str, new: str) -> list[tuple[int, int, str, str]]:
    """(start, end, old text, new text) of every change, offsets into `old`: lines first, then characters."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    offsets = [0]
    for line in a:
        offsets.append(offsets[-1] + len(line))
    regions = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        old_block, new_block = "".join(a[i1:i2]), "".join(b[j1:j2])
        base = offsets[i1]
        for ctag, k1, k2, l1, l2 in difflib.SequenceMatcher(None, old_block, new_block, autojunk=False).get_opcodes():
            if ctag != "equal":
                regions.append((base + k1, base + k2, old_block[k1:k2], new_block[l1:l2]))
    return regions


def _placements(old: str, start: int, end: int, before: str, after: str):
    """Where else a pure deletion or insertion could sit with the same result (`(a)\n` vs `\n(a)`)."""
    yield start, end
    if before and not after:  # deletion of old[start:end]: slide while the text rotates onto itself
        for step in (-1, 1):
            s, e = start, end
            while (
                0 <= s + step and e + step <= len(old) and (old[s - 1] == old[e - 1] if step < 0 else old[s] == old[e])
            ):
                s, e = s + step, e + step
                yield s, e
    elif after and not before:  # insertion of `after` at start
        for step in (-1, 1):
            p, text = start, after
            while 0 < p if step < 0 else p < len(old):
                if step < 0 and old[p - 1] == text[-1]:
                    p, text = p - 1, text[-1] + text[:-1]
                elif step > 0 and old[p] == text[0]:
                    p, text = p + 1, text[1:] + text[0]
                else:
                    break
                yield p, p


# What the original text of a rewritten span looks like: a `urls` container, or an alias read `u[...]`/`u.get(...)`.
DEPRECATED_SHAPE = re.compile(r"urls|^[(\s]*[A-Za-z_]\w*\s*(\[|\.\s*get\b)", re.S)


# Refusals that are limits of the input, not of a fix: too deeply nested for libcst, or text libcst does not
# reproduce byte for byte (so no edit position can be trusted). A fix that does not parse is not one of them.
INPUT_LIMITS = ("too deep", "does not reproduce", "cannot decode", "cannot analyse")


def _note(text: str) -> None:
    if currently_in_test_context():
        note(text)


def _event(text: str) -> None:
    if currently_in_test_context():
        event(text)


def assert_fix_sound(src: str, show_input: bool = True) -> None:
    """The soundness properties of one input; `src` is any text (parsable or not)."""
    if show_input:
        _note(f"input:\n{src}")
    result = run_fix(src)  # must not raise
    if not _libcst_parses(src):
        _event("input not parsable by libcst")
        assert result.new_source is None
        return
    if result.error is not None and any(reason in result.error.message for reason in INPUT_LIMITS):
        _event(f"left alone: {result.error.message}")
        return
    assert result.error is None, f"engine refused its own fix: {result.error.message}"
    if result.new_source is None:
        _event("nothing fixed")
        return
    _event("fixed")
    fixed = result.new_source.decode("utf-8")
    _note("fix:\n" + "".join(difflib.unified_diff(src.splitlines(True), fixed.splitlines(True), "input", "fixed", n=1)))
    if _compiles(src):
        assert _compiles(fixed), "the fixed code does not compile"
    again = run_fix(result.new_source)
    assert again.error is None, f"second run: {again.error.message}"
    assert again.new_source is None, "a second --fix changed the code again:\n" + "".join(
        difflib.unified_diff(fixed.splitlines(True), again.new_source.decode().splitlines(True), "fixed", "fixed twice")
    )
    spans = read_spans(src)
    assert only_spans_changed(src, fixed, spans), "the fix changed bytes outside every deprecated read:\n" + "\n".join(
        f"  offset {start}-{end}: {before!r} -> {after!r} (context {src[max(0, start - 30) : end + 30]!r})"
        for start, end, before, after in changed_regions(src, fixed)
        if not any(s <= p and q <= e for s, e in spans for p, q in _placements(src, start, end, before, after))
    )


def only_spans_changed(old: str, new: str, spans: list[tuple[int, int]]) -> bool:
    """Is `new` the text of `old` with some of the spans replaced, everything between them kept byte for byte?

    Each outermost span must also read like a deprecated read (DEPRECATED_SHAPE). A quick diff settles the usual
    case; when the diff's alignment is ambiguous (two identical reads), a regex of the kept text decides.
    """
    outer = []
    for s, e in sorted(spans, key=lambda se: (se[0], -se[1])):
        if outer and s < outer[-1][1]:
            continue  # nested in (or overlapping) the previous outermost span
        outer.append((s, e))
    outer = [(s, e) for s, e in outer if DEPRECATED_SHAPE.search(old[s:e])]
    regions = changed_regions(old, new)
    if all(any(s <= p and q <= e for s, e in outer for p, q in _placements(old, *region)) for region in regions):
        return True
    kept, position = [], 0
    for s, e in outer:
        kept.append(re.escape(old[position:s]))
        position = e
    kept.append(re.escape(old[position:]))
    return re.fullmatch("(?:.*?)".join(kept), new, re.S) is not None


# ----------------------------------------------------------------------------------------------
# a. Soundness on generated and real code.


def _mutated_or_plain(draw, src: str) -> str:
    try:
        module = cst.parse_module(src)
    except (cst.ParserSyntaxError, RecursionError):
        return src
    try:
        return mutate(draw, module)
    except ValueError:  # libcst cannot parse a statement in this module's layout (a form feed in its indentation)
        return src


@FUZZ
@given(st.data(), hypothesmith.from_grammar())
def test_fix_sound_on_hypothesmith_grammar_programs(data, src):
    assert_fix_sound(src)
    mutated = _mutated_or_plain(data.draw, src)
    if mutated != src and _compiles(src):
        assume(_compiles(mutated))
    assert_fix_sound(mutated)


@FUZZ_THIRD
@given(st.data(), hypothesmith.from_node())
def test_fix_sound_on_hypothesmith_node_programs(data, src):
    assert_fix_sound(_mutated_or_plain(data.draw, src))


_SNIPPET_SKELETONS = (
    "{body}",
    "def f(appt, other):\n{body}\n    return x",
    "class C:\n    def m(self, appt):\n{body}",
    "async def f(appt):\n{body}",
    "for appt in appts:\n{body}",
)


@FUZZ
@given(st.data(), st.sampled_from(_SNIPPET_SKELETONS))
def test_fix_sound_on_dense_snippets(data, skeleton):
    """Many reads, aliases and rebindings in little code: the most fixes per example."""
    body = "pass" if skeleton == "{body}" else _indent("pass", " " * (4 * skeleton.count(":\n")))
    module = cst.parse_module(skeleton.format(body=body) + "\n")
    assert_fix_sound(mutate(data.draw, module))


SITE_PACKAGES = Path(sysconfig.get_paths()["purelib"])
# Small files keep each example (and shrinking) fast; APPTLINT_FUZZ_EXAMPLES buys more files, not bigger ones.
MAX_FILE_BYTES = 10_000


@lru_cache(maxsize=1)
def site_package_files() -> list[str]:
    return sorted(
        str(p)
        for p in SITE_PACKAGES.rglob("*.py")
        if "__pycache__" not in p.parts and 0 < p.stat().st_size <= MAX_FILE_BYTES
    )


@lru_cache(maxsize=None)
def _readable_source(path: str) -> str | None:
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return text if _compiles(text) and _libcst_parses(text) else None


@FUZZ
@given(st.data(), st.deferred(lambda: st.sampled_from(site_package_files())))
def test_fix_sound_on_mutated_site_packages(data, path):
    assert len(site_package_files()) > 100, f"too few files under {SITE_PACKAGES}"
    _note(f"file: {path}")
    src = _readable_source(path)
    assume(src is not None)
    mutated = mutate(data.draw, cst.parse_module(src))
    assume(_compiles(mutated))  # e.g. a `global` declaration after an inserted use
    assert_fix_sound(mutated, show_input=False)  # the file and the draws above say what the input was


# ----------------------------------------------------------------------------------------------
# b. Semantics: the fixed program prints what the original printed.

PREAMBLE = '''\
from contextlib import nullcontext


class D(dict):
    def __add__(self, more):
        return D(more)


def payload(tag):
    """1.6.0-shaped: every flat K_url equals urls[K][0]."""
    keys = ("cancel", "reschedule", "ics", "add_to_calendar", "confirm", "join")
    return D({"id": tag, "urls": {k: [f"https://{tag}.example/{k}"] for k in keys},
              **{k + "_url": f"https://{tag}.example/{k}" for k in keys}})


'''
STAR_MODULE = "_apptlint_fuzz_payloads"


@st.composite
def semantic_reads(draw, alias_too: bool = True) -> str:
    key = draw(st.sampled_from(FLAT_KEYS))
    forms = [
        f'appt["urls"]["{key}"][0]',
        f'appt.get("urls", {{}}).get("{key}", [None])[0]',
        f'appt["urls"].get("{key}", [None])[0]',
    ]
    if alias_too:
        forms += [f'u["{key}"][0]', f"u['{key}'][0]", f'u.get("{key}", [None])[0]', f'u.get("{key}", ["d"])[0]']
    return draw(st.sampled_from(forms))


@st.composite
def semantic_alias(draw) -> str:
    return draw(
        st.sampled_from(
            [
                'u = appt["urls"]',
                "u = appt['urls']",
                'u = appt.get("urls", {})',
                'u: dict = appt["urls"]',
                'u = (appt)["urls"]',
            ]
        )
    )


def _statement(draw, family: str, scope: str, alias_in_scope: bool) -> str:
    """One statement between the alias and the read.

    scope: where the statement runs: "module", "function" (`appt` is a local or a closure variable there) or
    "global" (a function that declared `global appt`); alias_in_scope: whether `u` can be used there.
    """
    families = {"rebind": REBIND_FORMS, "write": WRITE_FORMS, "mutate": MUTATE_FORMS}
    kind = draw(st.sampled_from(["family", "family", "neutral", "read"]))
    if kind == "neutral":
        return draw(st.sampled_from(NEUTRAL_FORMS))
    if kind == "read":
        return f"print({draw(semantic_reads(alias_too=alias_in_scope))})"
    forms = [f for f in families[family] if alias_in_scope or not re.match(r"(del )?u\b", f)]
    form = draw(st.sampled_from(forms))
    if family == "rebind" and (scope == "global" or draw(st.integers(0, 3)) == 0):
        assume(not form.startswith("appt:"))  # an annotated name cannot be global or nonlocal
        if scope != "global":  # rebinding from a nested function, called at once
            declare = "global" if scope == "module" else "nonlocal"
            form = f"def rebind():\n    {declare} appt\n{_indent(form)}\nrebind()"
    return draw(st.sampled_from(_blocks(form)))


def _body(draw, family: str, scope: str, alias_in_scope: bool = True) -> str:
    statements = [_statement(draw, family, scope, alias_in_scope) for _ in range(draw(st.integers(0, 3)))]
    return "\n".join(statements) if statements else "pass"


SHAPES = ("module", "function", "closure", "global_in_function", "generator", "star_import")


@st.composite
def semantic_programs(draw, family: str, shape: str) -> str:
    """One alias program. shape: where the alias, its receiver and the statements between them live."""
    alias = draw(semantic_alias())
    key = draw(st.sampled_from(FLAT_KEYS))
    read = draw(st.sampled_from([f'u["{key}"][0]', f'u.get("{key}", [None])[0]', f'u.get("{key}", ["d"])[0]']))
    if shape == "module":
        body = _body(draw, family, "module")
        final = draw(st.sampled_from(_blocks(f"print({read})")))
        return PREAMBLE + f"appt = payload('p')\nother = payload('o')\n{alias}\n{body}\n{final}\n"
    if shape == "star_import":
        # the receiver comes from a star import: no binding of `appt` in this module before the alias
        body = _body(draw, family, "module")
        return PREAMBLE + f"from {STAR_MODULE} import *\n{alias}\n{body}\nprint({read})\n"
    if shape == "function":
        body = _body(draw, family, "function")
        final = draw(st.sampled_from(_blocks(f"print({read})")))
        return PREAMBLE + (
            f"other = payload('o')\n\n\ndef f(appt):\n{_indent(alias)}\n{_indent(body)}\n"
            f"{_indent(final)}\n\n\nf(payload('p'))\n"
        )
    if shape == "closure":
        inner = _body(draw, family, "function")
        outer = _body(draw, family, "function", alias_in_scope=False)  # in f, after inner is defined
        return PREAMBLE + (
            f"other = payload('o')\n\n\ndef f(appt):\n    def inner():\n{_indent(alias, ' ' * 8)}\n"
            f"{_indent(inner, ' ' * 8)}\n        print({read})\n{_indent(outer)}\n    inner()\n\n\n"
            f"f(payload('p'))\n"
        )
    if shape == "global_in_function":
        # `appt` is a module global read in f; module-level code or a called function rebinds it meanwhile
        body = _body(draw, family, "global", alias_in_scope=False)
        return PREAMBLE + (
            f"appt = payload('p')\nother = payload('o')\n\n\ndef step():\n    global appt\n"
            f"{_indent(body)}\n\n\ndef f():\n{_indent(alias)}\n    step()\n    print({read})\n\n\nf()\n"
        )
    body = _body(draw, family, "module", alias_in_scope=False)  # generator: the module runs between two resumptions
    return PREAMBLE + (
        f"appt = payload('p')\nother = payload('o')\n\n\ndef f():\n{_indent(alias)}\n    yield\n"
        f"    print({read})\n    yield\n\n\ng = f()\nnext(g)\n{body}\nnext(g)\n"
    )


def execute(src: str) -> tuple[str, str | None]:
    """Run a program in a fresh namespace: (what it printed, the exception type it raised or None)."""
    star = types.ModuleType(STAR_MODULE)
    exec(compile(PREAMBLE + "appt = payload('p')\nother = payload('o')\n", STAR_MODULE, "exec"), star.__dict__)
    sys.modules[STAR_MODULE] = star
    out = io.StringIO()
    namespace = {"__name__": "__fuzz__"}
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(src, "<fuzz>", "exec", dont_inherit=True), namespace)
        raised = None
    except Exception as exc:  # noqa: BLE001 - the outcome to compare
        raised = type(exc).__name__
    finally:
        sys.modules.pop(STAR_MODULE, None)
    return out.getvalue(), raised


def assert_same_behaviour(src: str) -> None:
    program = src[len(PREAMBLE) :] if src.startswith(PREAMBLE) else src
    _note(f"program (after the preamble in tests/test_fix_properties.py):\n{program}")
    result = run_fix(src)
    assert result.error is None or any(reason in result.error.message for reason in INPUT_LIMITS), result.error.message
    if result.new_source is None:
        _event("nothing fixed")
        return
    _event("fixed")
    fixed = result.new_source.decode()
    _note(
        "fix:\n" + "".join(difflib.unified_diff(src.splitlines(True), fixed.splitlines(True), "original", "fixed", n=0))
    )
    before, after = execute(src), execute(fixed)
    _event(f"original raised {before[1]}")
    # Same output, and it fails where (and only where) the original fails. Which exception a program raises
    # that fails either way is not held to: it differs only on receivers that are no payload at all (a module,
    # an object without `.get`), where `R["urls"].get(...)` and `R.get(...)` fail with TypeError and
    # AttributeError; on every 1.6.0 payload, dict or object, the values are what is compared.
    same = before[0] == after[0] and (before[1] is None) == (after[1] is None)
    assert same, f"the fix changed the program's behaviour:\noriginal -> {before}\nfixed    -> {after}"


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("family", ["rebind", "write", "mutate"])
@FUZZ_THIRD
@given(data=st.data())
def test_fix_keeps_alias_programs_meaning(family, shape, data):
    """family rebind: `appt` bound again, in any form; write: through `u` or `appt["urls"]`; mutate: `appt`
    changed in place. shape: module-level code; a function whose parameter is `appt`; a closure over it; a
    function reading the global `appt` while a called function rebinds it; a generator resumed after the
    module rebinds it; `appt` from a star import."""
    assert_same_behaviour(data.draw(semantic_programs(family, shape)))


DIRECT_SETUP = """\
from types import SimpleNamespace


def as_object(value):
    return SimpleNamespace(**{k: as_object(v) for k, v in value.items()}) if isinstance(value, dict) else value


appt = payload("p")
obj = as_object(payload("b"))
self = SimpleNamespace(appt=payload("s"))
event = {"object": payload("e")}
appts, i = [payload("a")], 0
DEFAULT = "default"


def get_appt():
    return payload("g")


"""


@FUZZ
@given(
    st.lists(
        st.one_of(deprecated_reads(multiline_ok=False), fallback_reads(multiline_ok=False)), min_size=1, max_size=3
    )
)
def test_fix_keeps_direct_reads_meaning(reads):
    """Every spelling of a direct read (no alias) on 1.6.0-shaped dicts and objects reads the same value after
    the fix, or fails the same way (near misses included)."""
    assert_same_behaviour(PREAMBLE + DIRECT_SETUP + "".join(f"print({read})\n" for read in reads))


@pytest.mark.parametrize(
    "src",
    [
        PREAMBLE + "appt = payload('p')\nu = appt['urls']\nprint(u['join'][0], appt['urls']['ics'][0])\n",
        PREAMBLE
        + "def f(appt):\n    u = appt.get('urls', {})\n    return u.get('cancel', [None])[0]\n\n\nprint(f(payload('p')))\n",
    ],
)
def test_semantic_harness_sees_fixes(src):
    """The semantic property is not vacuous: plain alias programs are fixed and still print the same."""
    assert run_fix(src).new_source is not None
    assert_same_behaviour(src)


# ----------------------------------------------------------------------------------------------
# What the fuzzer found, kept as fixed examples so they are checked on every run (minimal reproducers).


@pytest.mark.parametrize(
    "src",
    [
        # A read whose receiver is itself a read: one pass fixes only the outer read; a second --fix changes more.
        pytest.param('x = appt["urls"]["cancel"][0]["urls"]["join"][0]\n', id="nested-receiver"),
        pytest.param('x = appt.get("urls", {}).get("join", [appt["urls"]["cancel"][0]])[0]\n', id="nested-default"),
        pytest.param("x = (appt.urls.cancel[0]).urls.join[0]\n", id="nested-attribute"),
        # The read's own parentheses are dropped while a line break inside the receiver stays: the fix does not
        # parse, and the engine then refuses every fix in the file.
        # Removing a dead alias line takes its trailing comment with it.
        pytest.param('u = appt["urls"]  # the links\nx = u["cancel"][0]\n', id="alias-removal-drops-comment"),
        # A form feed in an indentation: Python accepts it, libcst refuses it (reported, never a crash).
        pytest.param('class A:\n\x0c pass\nx = appt["urls"]["cancel"][0]\n', id="form-feed-indent"),
        pytest.param('x = (appt\n     ["urls"]["cancel"][0])\n', id="multiline-parens"),
        pytest.param('x = (event\n     ["object"]["urls"]["cancel"][0])\n', id="multiline-parens-receiver"),
        pytest.param(
            'a = appt["urls"]["ics"][0]\nx = (appt\n     ["urls"]["cancel"][0])\n', id="multiline-parens-blocks-others"
        ),
    ],
)
def test_fuzz_finds_fix_soundness(src):
    """Fixed examples of the soundness property (they pass when fixed right or left alone)."""
    assert_fix_sound(src)


@pytest.mark.parametrize(
    "program",
    [
        # The receiver is a global read in a function: nothing local binds it, so the fix trusts it, but a call
        # (or the module, while a generator is suspended) rebinds it between the alias and the read.
        pytest.param(
            "appt = payload('p')\nother = payload('o')\n\n\ndef step():\n    global appt\n    appt = other\n\n\n"
            "def f():\n    u = appt['urls']\n    step()\n    print(u['cancel'][0])\n\n\nf()\n",
            id="global-receiver-call",
        ),
        pytest.param(
            "appt = payload('p')\n\n\ndef f():\n    u = appt['urls']\n    yield\n    print(u['cancel'][0])\n\n\n"
            "g = f()\nnext(g)\nappt = payload('o')\nnext(g, None)\n",
            id="global-receiver-generator",
        ),
        # The receiver's only binding in the scope is the rebinding after the alias; its first value came from
        # elsewhere (a star import, an enclosing function through nonlocal).
        pytest.param(
            f"from {STAR_MODULE} import *\nu = appt['urls']\nappt = other\nprint(u['cancel'][0])\n",
            id="star-import-rebind",
        ),
        pytest.param(
            "def f(appt, other):\n    def inner():\n        u = appt['urls']\n\n        def rebind():\n"
            "            nonlocal appt\n            appt = other\n        rebind()\n        print(u['cancel'][0])\n"
            "    inner()\n\n\nf(payload('p'), payload('o'))\n",
            id="nonlocal-rebind-from-nested-function",
        ),
        # Writes through the alias (reported as APT002 in the same run) or into appt["urls"], then a read is fixed.
        pytest.param(
            "appt = payload('p')\nu = appt['urls']\nu['join'] = ['https://changed/join']\nprint(u['join'][0])\n",
            id="write-through-alias",
        ),
        pytest.param(
            "appt = payload('p')\nu = appt['urls']\nu.clear()\nprint(u.get('join', ['none'])[0])\n", id="alias-cleared"
        ),
        pytest.param(
            "appt = payload('p')\nappt['urls']['join'] = ['https://changed/join']\nprint(appt['urls']['join'][0])\n",
            id="write-direct",
        ),
        # A module-level alias removed as dead is still a module attribute: `globals()` here stands for another
        # module's `from this_module import u`.
        pytest.param(
            "appt = payload('p')\nu = appt['urls']\nprint(u['cancel'][0])\nprint(globals()['u']['cancel'][0])\n",
            id="module-alias-removed",
        ),
        # The receiver changed in place: same binding, other payload.
        pytest.param(
            "appt = payload('p')\nu = appt['urls']\nappt.update(payload('o'))\nprint(u['cancel'][0])\n",
            id="receiver-mutated",
        ),
        # A one-element tuple taken for the key or the index: the original raises, the fixed code reads a value.
        pytest.param(DIRECT_SETUP + "print(appt['urls']['cancel',][0])\n", id="tuple-key"),
        pytest.param(DIRECT_SETUP + "print(appt['urls']['cancel'][0,])\n", id="tuple-index"),
        # R["urls"].get(K, [D])[0] -> R.get("K_url", D): a receiver that is no dict raises another exception
        # (TypeError -> AttributeError); one without "urls" returns D instead of raising KeyError.
        pytest.param(
            "appt = payload('p')\nimport json as appt\nprint(appt['urls'].get('cancel', [None])[0])\n",
            id="subscript-get-exception-type",
        ),
    ],
)
def test_fuzz_finds_same_behaviour(program):
    """Passes once the fix keeps the meaning, or is no longer offered (test_semantic_harness_sees_fixes keeps
    the property from passing by fixing nothing)."""
    assert_same_behaviour(PREAMBLE + program)
