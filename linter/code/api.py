"""The Python API of `check`: lint (and fix) one source text, as the CLI does for one file."""

from __future__ import annotations

from dataclasses import dataclass, field

from apptlint.core import registry
from apptlint.core.config import Settings
from apptlint.core.findings import Finding
from apptlint.core.selection import codes_for_path, selected


@dataclass(frozen=True)
class CheckResult:
    """What `check_source` found, and the source after the fixes it was allowed to apply."""

    findings: list[Finding] = field(default_factory=list)
    fixed_source: str = ""
    fixed: int = 0  # how many fixes were applied

    @property
    def changed(self) -> bool:
        return self.fixed > 0


def check_bytes(
    source: bytes,
    path: str,
    settings: Settings,
    *,
    fix: bool = False,
    unsafe_fixes: bool = False,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
):
    """The engine's FileResult for one source: config select/ignore, per-file-ignores for `path`, unsafe tier."""
    from apptlint.code.engine import check_source as check_file

    registry.check_selectors(select, "select")
    registry.check_selectors(ignore, "ignore")
    codes = selected([r.code for r in registry.code_rules()], settings, select, ignore)
    codes = codes_for_path(path, settings, codes)
    unsafe_fixes = unsafe_fixes or settings.unsafe_fixes
    from apptlint.code.templates.check import check_template_source
    from apptlint.code.templates.where import TEMPLATE_SUFFIXES, is_template

    if path.endswith(TEMPLATE_SUFFIXES) and is_template(path, settings):  # a template, read by its engine
        return check_template_source(path, source, settings, codes, fix, unsafe_fixes)[0]
    return check_file(path, source, settings, codes, fix, unsafe_fixes=unsafe_fixes)


def check_source(
    source: str,
    path: str = "<string>",
    *,
    fix: bool = False,
    unsafe_fixes: bool = False,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    settings: Settings | None = None,
) -> CheckResult:
    """Lint `source` as if it were the file `path`; with `fix`, also return it with the safe fixes applied.

    Unknown codes in `select`/`ignore` raise `apptlint.core.registry.SelectorError` (a ValueError).
    """
    result = check_bytes(
        source.encode("utf-8"),
        path,
        settings or Settings(),
        fix=fix,
        unsafe_fixes=unsafe_fixes,
        select=select,
        ignore=ignore,
    )
    findings = sorted(result.findings + ([result.error] if result.error else []), key=Finding.sort_key)
    fixed_source = result.new_source.decode("utf-8") if result.new_source is not None else source
    return CheckResult(findings, fixed_source, result.fixed if result.new_source is not None else 0)
