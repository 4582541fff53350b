"""Every code rule's VALID and INVALID examples are its tests (Fixit style)."""

import pytest

from apptlint.core import registry
from apptlint.core.rule import DOC_SECTIONS
from tests.helpers import check_transformed, codes_found, run

CODE_RULES = registry.code_rules()
VALID = [
    pytest.param(rule, src, id=f"{rule.code}-valid-{i}") for rule in CODE_RULES for i, src in enumerate(rule.VALID)
]
INVALID = [
    pytest.param(rule, ex, id=f"{rule.code}-invalid-{i}") for rule in CODE_RULES for i, ex in enumerate(rule.INVALID)
]


@pytest.mark.parametrize("rule,src", VALID)
def test_valid_example_is_not_flagged(rule, src):
    assert rule.code not in codes_found(src, [rule.code])
    # Straight into the rule as well: a VALID case must hold because the rule says so, not because its
    # prefilter kept the file from being parsed.
    assert rule.code not in [f.code for f in run(src, [rule.code], screened=True).findings]


@pytest.mark.parametrize("rule,example", INVALID)
def test_invalid_example_is_flagged_and_fixed_as_documented(rule, example):
    findings = [f for f in run(example.code, [rule.code]).findings if f.code == rule.code]
    assert findings, "not flagged"
    assert (findings[0].line, findings[0].column, findings[0].message) == (
        example.line,
        example.column,
        example.message,
    )
    if example.fixed is None:
        assert not any(
            f.fixable for f in run(example.code, [rule.code], unsafe_fixes=True).findings if f.code == rule.code
        )
        assert run(example.code, [rule.code], fix=True, unsafe_fixes=True).new_source is None
    elif rule.unsafe_fixes:
        assert run(example.code, [rule.code], fix=True).new_source is None, (
            "an unsafe fix applied without --unsafe-fixes"
        )
        check_transformed(example.code, example.fixed, [rule.code], unsafe_fixes=True)
    else:
        check_transformed(example.code, example.fixed, [rule.code])


@pytest.mark.parametrize("rule", CODE_RULES, ids=lambda r: r.code)
def test_fix_safety_docs_name_the_tier(rule):
    section = rule.docs().split("## Fix safety", 1)[1]
    assert ("**Unsafe**" in section) == rule.unsafe_fixes, rule.code


@pytest.mark.parametrize("rule", list(registry.all_rules().values()), ids=lambda r: r.code)
def test_every_rule_has_four_part_docs(rule):
    docs = rule.docs()
    for section in DOC_SECTIONS:
        assert f"## {section}" in docs, (rule.code, section)
    assert rule.summary and rule.name


def test_every_code_rule_has_examples():
    for rule in CODE_RULES:
        assert rule.VALID and rule.INVALID, rule.code
        assert rule.tokens, f"{rule.code} must declare prefilter tokens"


@pytest.mark.parametrize("rule,example", INVALID)
def test_prefilter_lets_every_invalid_example_through(rule, example):
    from apptlint.core.config import Settings

    assert rule.prefilter(Settings()).matches(example.code.encode())


def test_prefilter_skips_unrelated_code():
    from apptlint.core.config import Settings

    unrelated = (
        b'from django.conf.urls import include\nurlpatterns = [path("admin/", admin.site.urls)]\n'
        b'name = name.replace("a", "b")\nok = path.startswith("/api")\nimport re\nR = re.compile(r"\\d+")\n'
    )
    assert [r.code for r in CODE_RULES if r.prefilter(Settings()).matches(unrelated)] == []


def test_payload_rules_load_without_the_code_rules():
    """`validate` and `migrate` find their rules by series (APT2xx, APT3xx) and never import libcst."""
    import subprocess
    import sys

    code = (
        "import sys; from apptlint.core.registry import payload_rules; rules = payload_rules(); "
        "print(sorted(rules), 'libcst' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    payload_codes = sorted(c for c, r in registry.all_rules().items() if r.kind == "payload")
    assert out.strip() == f"{payload_codes} False"
