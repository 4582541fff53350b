"""The base of code rules: `visit_<Node>` methods over a libcst tree, a raw-bytes prefilter, examples.

Every code rule carries `VALID`/`INVALID` examples that the test-suite runs (Fixit style).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, ClassVar

from apptlint.core.rule import Rule

if TYPE_CHECKING:
    import libcst as cst

    from apptlint.code.bindings import Bindings


@dataclass(frozen=True)
class Invalid:
    """An INVALID example: `code` must be flagged; `fixed` is the expected fix, if any.

    `line`, `column` and `message` pin the first finding of the rule (Fixit's InvalidTestCase does the
    same); `unsafe_fixed` is what `--unsafe-fixes` writes when that differs from `fixed`.
    """

    code: str
    fixed: str | None = None
    line: int | None = None
    column: int | None = None
    message: str | None = None
    unsafe_fixed: str | None = None


@dataclass
class Hit:
    """One thing a code rule found: where, what to say, and the replacement node if it has a fix."""

    node: cst.CSTNode
    message: str
    replacement: cst.CSTNode | _DeleteLine | None = None
    unsafe: bool = False  # the fix may change behaviour for some payload: only with --unsafe-fixes
    removals: tuple = ()  # Removals: statements the fix makes dead (an alias whose last read it rewrote)
    # Where to point inside the node's text (start, end offsets), when the node is bigger than what was found:
    # a path in a multi-line SQL string.
    within: tuple[int, int] | None = None


class _DeleteLine:
    """A Hit's replacement that deletes its statement's line (see fixes.edits_for)."""

    def __repr__(self) -> str:
        return "DELETE_LINE"


DELETE_LINE = _DeleteLine()


@dataclass(eq=False)
class Removal:
    """A statement to delete once every one of `reads` is fixed (none of them then needs it)."""

    statement: cst.CSTNode
    reads: list


class Prefilter:
    """Decides from raw bytes, without parsing, whether a file can hold a finding.

    A list of alternatives, each `(gates, patterns)`: it matches when every gate (a lowercase
    literal) is in the lowercased text and every regex pattern is found in the text. Gates are
    memchr-fast and keep the slower regexes off most files. A pattern is bytes, or a function that
    returns them (for patterns built from the snapshots): it is built and compiled only once a file
    passes its gates, so a run over files that pass none never pays for it. A rule's prefilter must be sound:
    any file the rule could flag must pass it.

    A pattern that starts with `(?i)` must be written in lower case: it is searched in the
    lowercased text instead, which lets `re` scan for its literal prefix (a case-insensitive
    regex cannot) and matches every spelling, `URL` as well as `url`.
    """

    def __init__(self, alternatives):
        # Patterns stay source bytes until a file passes their gates: compiling every rule's regexes costs a
        # clean pre-commit run more than reading its files.
        self.alternatives = [(tuple(g.lower() for g in gates), tuple(patterns)) for gates, patterns in alternatives]

    def matches(self, source: bytes, memo: dict | None = None) -> bool:
        if not self.alternatives:
            return True
        memo = {} if memo is None else memo
        lower = memo.get("lower")
        if lower is None:
            lower = memo["lower"] = source.lower()
        for gates, patterns in self.alternatives:
            if all(has_gate(g, lower, memo) for g in gates) and all(_search(p, source, lower, memo) for p in patterns):
                return True
        return False


def has_gate(gate: bytes, lower: bytes, memo: dict) -> bool:
    """Is `gate` in the lowercased file? Rules, their alternatives and the engine's first screen share gates
    ("urls", "netloc"): each is scanned for once per file."""
    key = ("gate", gate)  # a pattern may be the same bytes: it means a regex, not a substring
    found = memo.get(key)
    if found is None:
        found = memo[key] = gate in lower
    return found


@lru_cache(maxsize=None)
def _compile(pattern):
    if callable(pattern):
        pattern = pattern()
    if pattern.startswith(b"(?i)"):
        return re.compile(pattern[len(b"(?i)") :]), True
    return re.compile(pattern), False


def _search(pattern, source: bytes, lower: bytes, memo: dict) -> bool:
    # Rules often share patterns (APT001-APT003 do): search each once per file.
    found = memo.get(pattern)
    if found is None:
        regex, lowered = _compile(pattern)
        found = memo[pattern] = regex.search(lower if lowered else source) is not None
    return found


def host_labels(hosts) -> tuple[str, ...]:
    """Each host's first label (`book` of `book.acme.com`): what the host screens gate on, since a regex or a
    template concatenation may spell the rest of the host another way."""
    return tuple(h.split(".")[0] for h in hosts)


def host_alternatives(hosts) -> list:
    """One alternative per host: its first label as a gate, then the host, also as written in a regex."""
    return [
        ((label.encode(),), (b"(?i:" + re.escape(h.encode()).replace(rb"\.", rb"\\{0,2}\.") + b")",))
        for label, h in zip(host_labels(hosts), hosts)
    ]


class CodeRule(Rule):
    """A set of `visit_<Node>` methods run over a libcst tree.

    Files are only parsed when their bytes pass the rule's `prefilter`. The runner walks the tree
    once for every rule, keeping parents as it goes; scopes and positions are computed only
    when a rule asks for them, since on most files nobody does.
    """

    tokens: ClassVar[tuple[str, ...]] = ()
    # Its fixes may change behaviour for some payload the code can receive: applied only with --unsafe-fixes.
    unsafe_fixes: ClassVar[bool] = False
    VALID: ClassVar[list[str]] = []
    INVALID: ClassVar[list[Invalid]] = []

    def __init__(self, settings, tree=None) -> None:
        self.settings = settings
        self.tree = tree  # the runner's TreeContext: parents, name bindings
        self.reports: list[Hit] = []

    @classmethod
    def prefilter_tokens(cls, hosts: tuple[str, ...]) -> tuple[str, ...]:
        """The substrings that make a file worth parsing for this rule (empty: always parse)."""
        return cls.tokens

    @classmethod
    def template_tokens(cls, hosts: tuple[str, ...]) -> tuple[str, ...]:
        """For a rule with `check_template`: words one of which a template needs to hold a finding (lower case;
        empty: read every template). A template with none of any rule's is not lexed at all."""
        return cls.prefilter_tokens(hosts)

    @classmethod
    def prefilter_alternatives(cls, hosts: tuple[str, ...]) -> list:
        """Override for more than "any of the tokens": a list of (gates, regex patterns); see Prefilter."""
        return [((t.encode(),), ()) for t in cls.prefilter_tokens(hosts)]

    @classmethod
    def prefilter(cls, settings) -> Prefilter:
        return cls.prefilter_for(tuple(settings.all_hosts))

    @classmethod
    def prefilter_for(cls, hosts: tuple[str, ...]) -> Prefilter:
        return _cached_prefilter(cls, hosts)  # type: ignore[arg-type]  # a class is hashable

    def finish(self) -> None:
        """Called once the whole tree has been visited, for rules that judge late."""

    def report(
        self,
        node: cst.CSTNode,
        message: str,
        replacement: cst.CSTNode | None = None,
        *,
        unsafe: bool = False,
        removals: tuple = (),
    ) -> None:
        fix = replacement if self.fixable else None
        self.reports.append(Hit(node, message, fix, unsafe and fix is not None, removals if fix is not None else ()))

    def parent(self, node: cst.CSTNode | None) -> cst.CSTNode | None:
        return self.tree.parents.get(node) if node is not None else None

    def bindings_of(self, name: str, at: cst.CSTNode) -> list[cst.Name] | None:
        return self.tree.lookup(name, at)


class TreeContext:
    """What rules may ask about the tree being checked: parents, and name bindings (computed on first use)."""

    def __init__(self, module: cst.Module, path: str = "<string>", source: bytes | None = None):
        self.module = module
        self.path = path
        self._source = source  # the bytes `module` was parsed from, when the runner has them
        self._lower_source: bytes | None = None
        self.parents: dict[cst.CSTNode, cst.CSTNode] = {}
        self.names: list[cst.Name] = []  # filled by the walk
        self._bindings: Bindings | None = None

    @property
    def bindings(self) -> Bindings:
        if self._bindings is None:
            from apptlint.code.bindings import Bindings

            self._bindings = Bindings(self.module, self.parents, self.names)
        return self._bindings

    @property
    def lower_source(self) -> bytes:
        """The file's text, lower-cased, for rules that weigh evidence in it (generated only without the bytes)."""
        if self._lower_source is None:
            source = self._source if self._source is not None else self.module.bytes
            self._lower_source = source.lower()
        return self._lower_source

    def lookup(self, name: str, at: cst.CSTNode) -> list[cst.Name] | None:
        """The Name nodes binding `name` as seen from `at`; see apptlint.code.bindings."""
        return self.bindings.lookup(name, at)


@lru_cache(maxsize=None)
def _cached_prefilter(rule, hosts) -> Prefilter:
    return Prefilter(rule.prefilter_alternatives(hosts))
