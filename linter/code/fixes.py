"""Fixes applied as edits of the original text, with the proof that every other byte stays where it was.

libcst regenerates a whole module from its tree, and for a few files (indented comments after the last
statement of a block, a lone `\\r` line ending) that text is not the input. So a fix never writes what
libcst generates: each replacement replaces exactly its node's own span of the original text (inside any
parentheses and comments around it), and a file whose text libcst does not reproduce is not fixed at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial

import libcst as cst

from apptlint.code.tree import Positions


class FixRefused(Exception):
    """The edit cannot be proven to keep every untouched byte; the file is left as it is."""


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str
    counts: bool = True  # a fix the summary counts (a dead statement removed along with one does not)


def edits_for(module: cst.Module, positions: Positions, replacements: list) -> tuple[list[Edit], int]:
    """Non-overlapping edits for (node, replacement or None for "delete") pairs, outermost first wins.

    Returns the edits and how many were dropped for lying inside another (a later pass handles those).
    """
    wanted = []
    for node, replacement in replacements:
        start, end = positions.span(node)
        if replacement is None:
            whole = _whole_line(positions.code, start, end)
            if whole is not None:
                wanted.append(Edit(*whole, "", False))
            continue
        wanted.append(Edit(start, end, code_in_place(module, replacement, partial(positions.block_indent, node)), True))
    wanted.sort(key=lambda e: (e.start, -e.end))
    kept: list[Edit] = []
    for edit in wanted:
        if kept and edit.start < kept[-1].end:
            continue  # inside (or overlapping) an edit already kept
        kept.append(edit)
    return kept, len(wanted) - len(kept)


_LINE_REST = re.compile(r"[ \t]*(?P<comment>#[^\r\n]*)?(?:\r\n|\r|\n|$)")


def code_in_place(module: cst.Module, node: cst.CSTNode, indent) -> str:
    """`node`'s code as libcst writes it inside a block indented by `indent()`: a replacement that spans lines
    (a dict literal gaining members) keeps the indentation of the lines around it. The indent is asked for only
    then, since finding it costs a look at every statement."""
    flat = module.code_for_node(node)
    if "\n" not in flat and "\r" not in flat:
        return flat
    block_indent = indent()
    if not block_indent:
        return flat
    from libcst._nodes.internal import CodegenState

    state = CodegenState(default_indent=module.default_indent, default_newline=module.default_newline)
    state.indent_tokens.append(block_indent)
    node._codegen(state)
    return "".join(state.tokens)


def _whole_line(code: str, start: int, end: int) -> tuple[int, int] | None:
    """What to delete for a statement alone on its line: the line with its indentation and line ending, or,
    when a comment follows the statement, the statement and the blanks after it (the comment stays, on its
    own line at the statement's indentation). None when another statement shares the line."""
    line_start = max(code.rfind("\n", 0, start), code.rfind("\r", 0, start)) + 1
    if code[line_start:start].strip(" \t"):
        return None
    rest = _LINE_REST.match(code, end)
    if rest is None:
        return None
    if rest.group("comment"):
        return start, rest.start("comment")
    return line_start, rest.end()


def apply_edits(module: cst.Module, source: bytes, positions: Positions, edits: list[Edit]) -> bytes:
    """`source` with `edits` spliced in; raises FixRefused when the spans cannot be trusted."""
    try:
        text = source.decode(module.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise FixRefused(f"cannot decode as {module.encoding}: {exc}") from None
    reproduced = positions.code == text or (
        not module.has_trailing_newline and positions.code == text + module.default_newline
    )
    if not reproduced:
        raise FixRefused("libcst does not reproduce this file byte for byte, so no edit position can be trusted")
    pieces, cursor = [], 0
    for edit in edits:
        pieces.append(text[cursor : edit.start])
        pieces.append(edit.text)
        cursor = edit.end
    pieces.append(text[cursor:])
    new_text = "".join(pieces)
    prove_untouched(text, new_text, edits)
    return new_text.encode(module.encoding)


def prove_untouched(old: str, new: str, edits: list[Edit]) -> None:
    """Every character outside the edited spans is in `new`, in order and in place relative to the edits."""
    shift = 0
    cursor = 0
    for edit in edits:
        if old[cursor : edit.start] != new[cursor + shift : edit.start + shift]:
            raise FixRefused("an untouched region changed")  # pragma: no cover - splicing cannot do this
        if new[edit.start + shift : edit.start + shift + len(edit.text)] != edit.text:
            raise FixRefused("an edit did not land where it was meant to")  # pragma: no cover
        shift += len(edit.text) - (edit.end - edit.start)
        cursor = edit.end
    if old[cursor:] != new[cursor + shift :]:
        raise FixRefused("the end of the file changed")  # pragma: no cover
