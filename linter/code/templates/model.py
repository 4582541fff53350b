"""What the template rules see: lookup chains and URL-bearing text, with offsets into the template."""

from __future__ import annotations

from dataclasses import dataclass, field

# Stands for a run-time piece (an expression) inside text, as in the Python host rules.
PLACEHOLDER = "\x00"


@dataclass(frozen=True)
class Step:
    """One lookup after the receiver: `.urls` ("attr"), `["urls"]` ("item", with its quote), `.0`/`[0]` ("index")."""

    key: str
    kind: str
    start: int
    end: int
    quote: str = ""


@dataclass
class Chain:
    """`receiver.step.step...` in an expression, and the filters written right after it."""

    receiver: str
    start: int
    steps: list[Step]
    filters: list[tuple[str, int, int]] = field(default_factory=list)  # (name, start, end)
    context: str = "output"  # "output" ({{ }}), "loop" (iterated by a for), "test" (an if), "other"

    @property
    def end(self) -> int:
        return self.steps[-1].end if self.steps else self.start + len(self.receiver)


@dataclass
class Text:
    """Text that may hold a URL: a template's markup, or a string built inside one expression.

    Its pieces are literal text (with their offsets in the template) or None for a run-time piece (an
    expression in markup, a name in a Jinja `~` chain), joined as PLACEHOLDER: so
    `/c/appointments/{{ appt.id }}/cancel` reads as `/c/appointments/\x00/cancel`, one URL.
    """

    pieces: list[tuple[int | None, str]] = field(default_factory=list)
    in_markup: bool = True

    @property
    def joined(self) -> str:
        return "".join(PLACEHOLDER if start is None else text for start, text in self.pieces)

    def offset(self, index: int) -> int:
        """The template offset of character `index` of `joined` (a placeholder maps to the next literal)."""
        seen = 0
        last = 0
        for start, text in self.pieces:
            length = 1 if start is None else len(text)
            if start is not None:
                last = start
                if index < seen + length:
                    return start + index - seen
                last = start + len(text)
            seen += length
        return last


@dataclass
class Template:
    path: str
    source: str
    engine: str  # "jinja" | "django"
    chains: list[Chain] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    line_starts: list[int] = field(default_factory=list)
    unfixable: str | None = None  # why no fix may be written (a tag only the project's own extension knows)

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column), both from 1, of a character offset."""
        import bisect

        if not self.line_starts:
            self.line_starts = [0] + [i + 1 for i, ch in enumerate(self.source) if ch == "\n"]
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1


@dataclass(frozen=True)
class TemplateHit:
    """What a rule reports on a template: a span, a message, and the fix (the span's new text) if any."""

    start: int
    end: int
    message: str
    replacement: str | None = None
    unsafe: bool = False  # the fix may change what the template renders for some payload: only with --unsafe-fixes
