"""The one result model every command reports through."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

# Exit codes are a public contract (see README "Exit codes").
EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


@dataclass(frozen=True)
class Finding:
    path: str
    line: int | None
    column: int | None
    code: str
    message: str
    end_line: int | None = None
    end_column: int | None = None
    fixable: bool = False
    pointer: str | None = None
    schema_version: str | None = None
    # For a fixable code finding whose fix is one replacement of its own span: the new text (SARIF `fixes`).
    replacement: str | None = field(default=None, compare=False)
    # With `validate --detect-version`: the payload's shape (payload/shapes.py), in JSON output only then.
    shape: str | None = field(default=None, compare=False)

    def to_json(self) -> dict:
        found = asdict(self)
        del found["replacement"]
        if found["shape"] is None:
            del found["shape"]
        return found

    def sort_key(self):
        return (self.path, self.line or 0, self.column or 0, self.code, self.pointer or "")


@dataclass
class RunReport:
    """What one command run found; rendered by `apptlint.reporters`; one per command run."""

    command: str
    findings: list[Finding] = field(default_factory=list)
    errors: list[Finding] = field(default_factory=list)  # input we could not read at all
    files: int = 0
    payloads: int | None = None
    fixed: int = 0
    elapsed: float = 0.0
    extra: dict = field(default_factory=dict)
    # Findings already printed as they were found (text and github output of `validate`), kept as counts only
    # so that memory does not grow with a long log's findings.
    streamed: Counter = field(default_factory=Counter)
    applied: list[Finding] = field(default_factory=list)  # what --fix fixed (shown with --show-fixes)

    def all_findings(self) -> list[Finding]:
        return sorted(self.errors + self.findings, key=Finding.sort_key)

    def by_code(self) -> dict[str, int]:
        return dict(sorted((Counter(f.code for f in self.all_findings()) + self.streamed).items()))

    def summary(self) -> dict:
        summary = {
            "files": self.files,
            "findings": len(self.findings) + len(self.errors) + sum(self.streamed.values()),
            "errors": len(self.errors),
            "fixed": self.fixed,
            "by_code": self.by_code(),
            "elapsed_seconds": round(self.elapsed, 3),
        }
        if self.payloads is not None:
            summary["payloads"] = self.payloads
        summary.update(self.extra)
        return summary

    def exit_code(self) -> int:
        if self.errors:
            return EXIT_ERROR
        return EXIT_FINDINGS if self.findings or self.streamed else EXIT_CLEAN
