"""The one pass over a parsed file that every code rule shares, and the positions of what they report.

libcst's own `Module.visit` rebuilds every node it passes (it is a transformer walk) and
`MetadataWrapper.resolve` inspects each provider's members on every call; on a typical
candidate file the two cost more than the parse. Here the walk reads the dataclass fields
directly and skips whitespace and punctuation, and positions come from one codegen pass
that keeps integer offsets. tests/test_tree.py holds both to libcst's answers.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from contextlib import contextmanager
from functools import cache

import libcst as cst

# Fields that only hold whitespace, comments or punctuation: no rule looks at them.
_TRIVIA_FIELDS = frozenset(
    {
        "lpar",
        "rpar",
        "lbracket",
        "rbracket",
        "lbrace",
        "rbrace",
        "leading_lines",
        "lines_after_decorators",
        "header",
        "footer",
        "comma",
        "semicolon",
        "newline",
        "trailing_whitespace",
        "colon",
        "dot",
        "equal",
    }
)
_FIELDS: dict[type, tuple[str, ...]] = {}


def _child_fields(node_type: type) -> tuple[str, ...]:
    names = _FIELDS.get(node_type)
    if names is None:
        fields = [
            f.name
            for f in dataclasses.fields(node_type)
            if f.name not in _TRIVIA_FIELDS and not f.name.startswith("whitespace")
        ]
        names = _FIELDS[node_type] = tuple(sorted(fields, key=lambda n: _SOURCE_ORDER.get(n, 1)))
    return names


# Dataclass order is not source order for every node (FunctionDef declares its decorators after its body);
# rules that learn names as they go (APT102's `p = urlparse(u)`) need decorators before, blocks after.
_SOURCE_ORDER = {"decorators": 0, "body": 2, "handlers": 3, "orelse": 4, "finalbody": 5}


def walk(root: cst.CSTNode, handlers: dict[str, list], parents: dict) -> None:
    """Pre-order walk calling `handlers[type name]` on each node, recording each node's parent."""
    stack = [root]
    pop, push = stack.pop, stack.extend
    kinds = _KINDS
    while stack:
        node = pop()
        node_type = type(node)
        methods = handlers.get(node_type.__name__)
        if methods:
            for method in methods:
                method(node)
        children = []
        for name in _child_fields(node_type):
            value = getattr(node, name)
            kind = kinds.get(type(value)) or _kind(type(value))  # the dict hit first: this loop is hot
            if kind == _NODE:
                children.append(value)
            elif kind == _SEQUENCE:
                children.extend(v for v in value if (kinds.get(type(v)) or _kind(type(v))) == _NODE)
        if children:
            for child in children:
                parents[child] = node
            children.reverse()
            push(children)


# isinstance() against libcst's abstract base classes is slow; a field value's type decides once what it is.
_OTHER, _NODE, _SEQUENCE = 0, 1, 2
_KINDS: dict[type, int] = {}


def _kind(value_type: type) -> int:
    kind = _KINDS.get(value_type)
    if kind is None:
        kind = _KINDS[value_type] = (
            _NODE if issubclass(value_type, cst.CSTNode) else _SEQUENCE if value_type in (tuple, list) else _OTHER
        )
    return kind


NEWLINE = re.compile(r"\r\n?|\n")


@cache
def _empty_module() -> cst.Module:
    return cst.Module([])


def code_of(node: cst.CSTNode) -> str:
    """A node's source text, as written (whitespace and comments inside it included)."""
    return _empty_module().code_for_node(node)


@cache
def _offset_state():
    """The class is made on first use, since it subclasses libcst's (which the CLI loads only when it parses)."""
    from libcst._nodes.internal import CodegenState  # the hook libcst's PositionProvider uses too

    class OffsetState(CodegenState):
        """Codegen that records each node's character span, like libcst's PositionProvider but as plain ints."""

        def __init__(self, module: cst.Module) -> None:
            super().__init__(default_indent=module.default_indent, default_newline=module.default_newline)
            self.offset = 0
            self.spans: dict[cst.CSTNode, tuple[int, int]] = {}
            self._starts: list[int] = []
            self.statements: list[tuple[cst.CSTNode, str]] = []  # each statement and its block's indentation

        def add_indent_tokens(self) -> None:
            self.tokens.extend(self.indent_tokens)
            for token in self.indent_tokens:
                self.offset += len(token)

        def add_token(self, value: str) -> None:
            self.tokens.append(value)
            self.offset += len(value)

        def pop_trailing_newline(self) -> None:
            """Keep it: spans recorded before the pop reach past it, and their lines are counted from these tokens."""

        def before_codegen(self, node) -> None:
            self._starts.append(self.offset)
            if isinstance(node, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
                self.statements.append((node, "".join(self.indent_tokens)))

        def after_codegen(self, node) -> None:
            start = self._starts.pop()
            if node not in self.spans:  # a syntactic span, recorded below, wins over the whitespace-inclusive one
                self.spans[node] = (start, self.offset)

        @contextmanager
        def record_syntactic_position(self, node, *, start_node=None, end_node=None):
            start = self.offset
            try:
                yield
            finally:
                end = self.offset
                if start_node is not None:
                    start = self.spans[start_node][0]
                if end_node is not None:
                    end = self.spans[end_node][1]
                self.spans[node] = (start, end)

    return OffsetState


class Positions:
    """(line, column) of nodes, both one-based for the line and zero-based for the column, as libcst gives them."""

    def __init__(self, module: cst.Module) -> None:
        state = _offset_state()(module)
        module._codegen(state)
        code = "".join(state.tokens)
        # The text these offsets index: what libcst writes for the module, except that a file without a final
        # newline gets one here (see OffsetState.pop_trailing_newline).
        self.code = code
        self._spans = state.spans
        self._statements = state.statements
        self._line_starts = [0] + [m.end() for m in NEWLINE.finditer(code)]

    def block_indent(self, node: cst.CSTNode) -> str:
        """The indentation of the block `node` sits in: what libcst adds before each line it writes there."""
        start, end = self._spans[node]
        indent = ""
        for statement, statement_indent in self._statements:  # in order: a later one containing it is inner
            s_start, s_end = self._spans[statement]
            if s_start <= start and end <= s_end:
                indent = statement_indent
        return indent

    def span(self, node: cst.CSTNode) -> tuple[int, int]:
        """Character offsets of `node`'s own text (without the parentheses around it) in `code`."""
        return self._spans[node]

    def _point(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1]

    def range(
        self, node: cst.CSTNode, within: tuple[int, int] | None = None
    ) -> tuple[tuple[int, int], tuple[int, int]]:
        start, end = self._spans[node]
        if within is not None and start + within[1] <= end:
            start, end = start + within[0], start + within[1]
        return self._point(start), self._point(end)
