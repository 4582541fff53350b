"""Read YAML as a cassette holds it, refusing what PyYAML accepts but a recording never needs.

PyYAML builds a recursive alias (`&a [*a]`) into a cyclic list that every later walk (a copy, a
comparison, a dump) recurses into without end, and it shares an aliased node instead of copying it,
so a few lines of nested aliases ("billion laughs") become billions of values for whatever walks
them. It also keeps the last of two equal keys without a word. vcrpy's serializer writes none of
these, so they are refused here, on the node tree, before anything is built from it.
"""

from __future__ import annotations

# Values that aliases may add beyond the document's own nodes: vcrpy writes no aliases at all, so any
# real cassette is far below it, and a walk of this many values stays quick.
MAX_ALIAS_EXPANSION = 100_000


class Refused(ValueError):
    """args: (1-based line, message); `kind` names the parse problem ("invalid-json", "duplicate-key")."""

    def __init__(self, line: int, message: str, kind: str = "invalid-json") -> None:
        super().__init__(line, message)
        self.kind = kind


def loader_class():
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def compose(text: str):
    """The checked node tree of `text` (None for an empty document)."""
    import yaml

    loader = loader_class()(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise Refused(mark.line + 1 if mark else 1, str(exc).splitlines()[0]) from None
    finally:
        loader.dispose()
    if root is not None:
        check(root)
    return root


def load(text: str):
    """`text` as data, from a node tree that passed `check`."""
    import yaml

    loader = loader_class()(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        check(root)
        return loader.construct_document(root)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise Refused(mark.line + 1 if mark else 1, str(exc).splitlines()[0]) from None
    except RecursionError:
        raise Refused(1, "nested too deeply to read") from None
    finally:
        loader.dispose()


def check(root) -> None:
    """Raise Refused for a recursive alias, alias expansion beyond MAX_ALIAS_EXPANSION or a duplicate key.

    One iterative depth-first walk (deep nesting cannot exhaust Python's stack): a node met again while
    it is still open is an alias of its own ancestor; a node met again once closed is an alias, and
    adds its whole expanded size (aliases inside it included) again."""
    size: dict[int, int] = {}  # id(node) -> values it expands to, once closed
    extra = 0  # values added by aliases
    open_nodes: set[int] = set()
    stack = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        key = id(node)
        children = _children(node)
        if leaving:
            open_nodes.discard(key)
            size[key] = 1 + sum(size[id(child)] for child in children)
            continue
        if key in open_nodes:
            raise Refused(node.start_mark.line + 1, "recursive YAML alias (a value that contains itself)")
        if key in size:
            extra += size[key]
            if extra > MAX_ALIAS_EXPANSION:
                raise Refused(
                    node.start_mark.line + 1,
                    f"YAML aliases expand to over {MAX_ALIAS_EXPANSION:,} values (an alias bomb?); not read",
                )
            continue
        open_nodes.add(key)
        if getattr(node, "id", "") == "mapping":
            _no_duplicate_key(node)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(children))


def _children(node) -> list:
    kind = getattr(node, "id", "")
    if kind == "sequence":
        return list(node.value)
    if kind == "mapping":
        return [part for pair in node.value for part in pair]
    return []


def _no_duplicate_key(node) -> None:
    seen = set()
    for key, _ in node.value:
        if getattr(key, "id", "") != "scalar":
            continue
        ident = (key.tag, key.value)
        if ident in seen:
            raise Refused(
                key.start_mark.line + 1,
                f"duplicate key {key.value!r}: YAML readers (vcrpy's too) keep only the last value",
                "duplicate-key",
            )
        seen.add(ident)
