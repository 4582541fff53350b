"""Short helpers in the django-upgrade style: check_noop(src) / check_transformed(before, after)."""

import libcst as cst

from apptlint.code.engine import check_source
from apptlint.core.config import Settings


def run(src: str, codes=None, fix=False, settings=None, screened=False, unsafe_fixes=False):
    """check_source on `src`; `screened` skips the prefilter and hands the file to every rule in `codes`."""
    from apptlint.core import registry

    codes = codes or [r.code for r in registry.code_rules()]
    return check_source("example.py", src.encode(), settings or Settings(), codes, fix, screened, unsafe_fixes)


def codes_found(src: str, codes=None, settings=None) -> list[str]:
    return [f.code for f in run(src, codes, settings=settings).findings]


def check_noop(src: str, codes=None, settings=None, unsafe_fixes=True) -> None:
    result = run(src, codes, fix=True, settings=settings, unsafe_fixes=unsafe_fixes)
    assert result.findings == [], [f"{f.code} {f.message}" for f in result.findings]
    assert result.new_source is None


def check_transformed(before: str, after: str, codes=None, settings=None, unsafe_fixes=False) -> None:
    """`before` fixed is `after` (at the safe tier, or with `unsafe_fixes` at the unsafe one), and idempotent."""
    result = run(before, codes, fix=True, settings=settings, unsafe_fixes=unsafe_fixes)
    assert result.new_source is not None, "nothing was fixed"
    fixed = result.new_source.decode()
    assert fixed == after
    cst.parse_module(fixed)
    again = run(fixed, codes, fix=True, settings=settings, unsafe_fixes=unsafe_fixes)
    assert again.new_source is None and not any(f.fixable for f in again.findings), "fix is not idempotent"
