"""`check --fix --unsafe-fixes` keeps what code means: every reproducer an outside differential run found.

Each case here changed results on a 1.6.0 payload, or broke the file, before the fix engine learned about it.
"""

import ast
import sys

import pytest

from apptlint.core.config import Settings
from tests.helpers import run


def unsafe_fix(src, codes=("APT001", "APT004"), settings=None):
    return run(src, list(codes), fix=True, unsafe_fixes=True, settings=settings)


def assert_not_rewritten(src, codes=("APT001", "APT004")):
    result = unsafe_fix(src, codes)
    assert result.new_source is None, result.new_source.decode()
    return result


def codes_and_fixable(result):
    return sorted((f.code, f.fixable) for f in result.findings)


# 1. The oldest Python the consumer runs must parse the fixed file.


def parses_on_310(text):
    """Python 3.10/3.11 forbid the f-string's own quote inside its replacement fields (PEP 701 lifted that)."""
    if sys.version_info < (3, 12):
        ast.parse(text)
        return True
    import libcst as cst

    from apptlint.code.grammar import grammar_problems

    return not grammar_problems(cst.parse_module(text), (3, 10))


@pytest.mark.parametrize(
    "src",
    [
        'K = "cancel"\nmsg = f"Cancel: {appt[\'urls\'][K][0]}"\n',
        'K = "cancel"\nmsg = f\'Cancel: {appt["urls"][K][0]}\'\n',
        "msg = f\"Join: {appt.get('urls', {}).get('join', [''])[0]}\"\n",
        'K = "ics"\nmsg = f"""ICS: {appt[\'urls\'][K][0]}"""\n',
        "C = 'cancel'\nmsg = f\"{appt.get('urls', {}).get(C, [''])[0]}\"\n",
    ],
)
def test_a_fix_inside_an_f_string_parses_under_the_oldest_target(src):
    result = unsafe_fix(src, ["APT001"])
    assert result.new_source is not None
    assert parses_on_310(result.new_source.decode()), result.new_source.decode()


def test_the_quote_reused_in_an_f_string_is_the_other_one():
    result = unsafe_fix('K = "cancel"\nmsg = f"Cancel: {appt[\'urls\'][K][0]}"\n', ["APT001"])
    assert result.new_source.decode() == 'K = "cancel"\nmsg = f"Cancel: {appt[\'cancel_url\']}"\n'


def test_a_312_only_rewrite_is_refused_with_its_reason_under_310():
    # A nested f-string has used both quotes already: no spelling of the key is legal on 3.10/3.11.
    if sys.version_info < (3, 12):
        pytest.skip("the input itself needs Python 3.12")
    src = 'K2 = "cancel"\nmsg = f"{f\'{appt["urls"][K2][0]}\'}"\n'
    settings = Settings(target_python=(3, 10))
    result = unsafe_fix(src, ["APT001"], settings=settings)
    assert result.new_source is None
    assert any("3.10" in f.message for f in result.findings), [f.message for f in result.findings]
    newer = unsafe_fix(src, ["APT001"], settings=Settings(target_python=(3, 12)))
    assert newer.new_source is not None


# 2. A model that declares `urls` and no flat field.

MODELS = {
    "pydantic": "from pydantic import BaseModel\nclass Urls(BaseModel):\n    cancel: list[str]\n"
    "class Appt(BaseModel):\n    urls: Urls\n",
    "dataclass": "from dataclasses import dataclass\n@dataclass\nclass Appt:\n    urls: object\n",
    "attrs": "import attrs\n@attrs.define\nclass Appt:\n    urls: object\n",
    "namedtuple": "from typing import NamedTuple\nclass Appt(NamedTuple):\n    urls: object\n",
    "slots": "class Appt:\n    __slots__ = ('urls',)\n    def __init__(self, urls):\n        self.urls = urls\n",
    "property": "class Appt:\n    @property\n    def urls(self):\n        return self._raw['urls']\n",
    "typeddict": "from typing import TypedDict\nclass Appt(TypedDict):\n    urls: dict\n",
}


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_a_model_with_urls_and_no_flat_field_blocks_attribute_fixes(kind):
    src = MODELS[kind] + "def link(a: Appt):\n    return a.urls.cancel[0]\n"
    result = assert_not_rewritten(src, ["APT001"])
    (finding,) = [f for f in result.findings if f.code == "APT001"]
    assert "Appt" in finding.message and "cancel_url" in finding.message


def test_a_model_that_declares_the_flat_field_keeps_the_fix():
    src = (
        "from pydantic import BaseModel\nclass Appt(BaseModel):\n    urls: dict\n    cancel_url: str\n"
        "def link(a: Appt):\n    return a.urls.cancel[0]\n"
    )
    assert unsafe_fix(src, ["APT001"]).new_source.decode().endswith("return a.cancel_url\n")


def test_a_model_imported_from_the_project_blocks_attribute_fixes(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text("[project]\nname='x'\n")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "models.py").write_text(MODELS["pydantic"])
    consumer = tmp_path / "app" / "views.py"
    consumer.write_text("from app.models import Appt\ndef link(a: Appt):\n    return a.urls.cancel[0]\n")
    from apptlint.code.engine import check_source
    from apptlint.core.config import Settings

    result = check_source(str(consumer), consumer.read_bytes(), Settings(), ["APT001"], True, unsafe_fixes=True)
    assert result.new_source is None
    assert "Appt" in result.findings[0].message


# 3. Writes the fix must see.

WRITES = [
    "dict.update(appt, other)",
    "appt.__init__(other)",
    'operator.setitem(appt, "cancel_url", x)',
    'setitem(appt, "cancel_url", x)',
    'operator.delitem(appt, "cancel_url")',
    'setattr(appt, "cancel_url", x)',
    'lst = appt["urls"]["cancel"]\nlst.insert(0, x)',
    'lst = appt["urls"]["cancel"]\nlst.sort()',
    'lst = appt["urls"]["cancel"]\nlst.reverse()',
    'for l in appt["urls"].values():\n    l.reverse()',
    'for k in appt["urls"]:\n    appt["urls"][k] = [track(v) for v in appt["urls"][k]]',
    'links = appt["urls"]\nfor k in links:\n    links[k] = [track(v) for v in links[k]]',
    "wipe(appt)",
    "outer(appt)",
    "Helper().wipe(appt)",
]
HELPERS = (
    "import operator\nfrom operator import setitem\n"
    "def wipe(payload):\n    payload.clear()\n"
    "def outer(p):\n    wipe(p)\n"
    "class Helper:\n    def wipe(self, payload):\n        payload.update({})\n"
)


@pytest.mark.parametrize("write", WRITES)
def test_a_write_anywhere_in_the_file_blocks_the_fix(write):
    body = "".join("    " + line + "\n" for line in write.splitlines())
    before = f'def f(appt, other, x):\n{body}    return appt["urls"]["cancel"][0]\n'
    after = f'def f(appt, other, x):\n    link = appt["urls"]["cancel"][0]\n{body}    return link\n'
    for src in (HELPERS + before, HELPERS + after):
        result = assert_not_rewritten(src)
        assert result.findings and not any(f.fixable for f in result.findings), src


def test_a_write_on_the_loops_back_edge_blocks_the_fix():
    src = (
        "def f(appts):\n    out = []\n    for appt in appts:\n        out.append(appt['urls']['cancel'][0])\n"
        "        appt['urls']['cancel'] = ['x']\n    return out\n"
    )
    assert_not_rewritten(src, ["APT001"])


def test_a_read_of_a_different_payload_is_still_fixed():
    src = 'def f(appt, other):\n    other.update({})\n    return appt["urls"]["cancel"][0]\n'
    assert unsafe_fix(src, ["APT001"]).new_source is not None


# 4. Fallbacks, whatever spells them.

FALLBACKS = [
    'x = not appt.get("cancel_url") and appt["urls"]["cancel"][0]',
    '_alias = appt\ndef f():\n    return appt.get("cancel_url") or _alias["urls"]["cancel"][0]',
    'from contextlib import suppress\ndef f(appt):\n    with suppress(KeyError):\n        return appt["cancel_url"]\n'
    '    with suppress(KeyError):\n        return appt["urls"]["cancel"][0]',
    'def f(appt):\n    match appt:\n        case {"cancel_url": str(u)}:\n            return u\n'
    '        case {"urls": {"cancel": [u, *_]}}:\n            return u\n        case _:\n            return appt["urls"]["cancel"][0]',
    "from pydantic import model_validator\nclass A:\n    @model_validator(mode='before')\n"
    "    def fill(cls, data):\n        if 'cancel_url' not in data:\n"
    "            data['cancel_url'] = data['urls']['cancel'][0]\n        return data",
    'def f(appt):\n    link = appt.get("cancel_url")\n    if link is None:\n        link = appt["urls"]["cancel"][0]\n'
    "    return link",
    'def f(appt):\n    link = appt.get("cancel_url")\n    return link or appt["urls"]["cancel"][0]',
]


@pytest.mark.parametrize("src", FALLBACKS)
def test_a_fallback_is_never_rewritten_into_the_field_it_guards(src):
    result = unsafe_fix(src + "\n")
    text = result.new_source.decode() if result.new_source is not None else src
    # Whatever else happens, the deprecated read that runs when the flat field is missing is still there.
    assert '["urls"]["cancel"][0]' in text or "'urls']['cancel'][0]" in text, text
    assert any(f.code == "APT004" for f in result.findings), codes_and_fixable(result)


# 5. Consistency checks.


@pytest.mark.parametrize(
    "src",
    [
        'assert X["cancel_url"] == X["urls"]["cancel"][0]',
        'ok = X.get("cancel_url") != X["urls"]["cancel"][0]',
        'def test_it(X):\n    assert X["urls"]["cancel"][0] == X["cancel_url"]',
        "assert X.cancel_url == X.urls.cancel[0]",
    ],
)
def test_a_consistency_check_is_never_made_a_tautology(src):
    result = assert_not_rewritten(src + "\n")
    assert [f.code for f in result.findings] == ["APT001"]
    assert "compare" in result.findings[0].message


# 6. The dead alias line the fix deletes is a finding's edit, so every output agrees on it.


def test_the_deleted_alias_line_is_inside_a_reported_fix():
    src = 'def f(appt):\n    u = appt["urls"]\n    return u["join"][0]\n'
    result = unsafe_fix(src, ["APT001"])
    assert result.new_source.decode() == 'def f(appt):\n    return appt["join_url"]\n'
    assert sorted((f.line, f.code) for f in result.applied) == [(2, "APT001"), (3, "APT001")]
    alias = min(result.applied, key=lambda f: f.line)
    assert alias.end_line == 2 and "goes with them" in alias.message
    # Without --fix, the same two are the findings, both at the unsafe tier.
    listed = run(src, ["APT001"])
    assert sorted((f.line, f.fixable) for f in listed.findings) == [(2, False), (3, False)]


# Bounded input: depth, size, and one file's failure.


@pytest.mark.parametrize("opener,closer", [("(", ")"), ("[", "]"), ("f(", ")"), ('{"a":', "}")])
def test_a_read_nested_too_deep_is_apt999_not_a_crash(opener, closer):
    for layout in ("", "\n"):
        src = "x = " + (opener + layout) * 1400 + 'appt["urls"]["cancel"][0]' + (layout + closer) * 1400 + "\n"
        result = unsafe_fix(src)
        assert result.new_source is None and result.error is not None and result.error.code == "APT999"
        assert "nested" in result.error.message


def test_a_file_over_max_file_size_is_reported_not_parsed():
    src = 'x = appt["urls"]["cancel"][0]\n' * 200
    result = unsafe_fix(src, settings=Settings(max_file_size=1000))
    assert result.error is not None and "max-file-size" in result.error.message and result.new_source is None
    assert unsafe_fix(src).new_source is not None  # under the default limit it is fixed


def test_a_bug_in_a_rule_costs_only_that_files_report(tmp_path, monkeypatch):
    from apptlint.code.engine import check_paths
    from apptlint.rules.apt002_deprecated_urls_other_use import DeprecatedUrlsOtherUse

    (tmp_path / "a.py").write_text('x = appt["urls"]["cancel"][0]\nfor u in appt["urls"]["ics"]:\n    pass\n')
    (tmp_path / "b.py").write_text('y = appt["urls"]["join"][0]\n')

    def broken(self, use):
        if use.entry.key == "ics":
            raise ValueError("boom")

    monkeypatch.setattr(DeprecatedUrlsOtherUse, "check_use", broken)
    report, _ = check_paths([str(tmp_path)], Settings(), jobs=1)
    by_file = {f.path.rsplit("/", 1)[-1]: f for f in report.findings}
    assert by_file["a.py"].code == "APT999" and "internal error" in by_file["a.py"].message
    assert by_file["b.py"].code == "APT001"


# target-python: where the oldest grammar comes from.


@pytest.mark.parametrize(
    "pyproject,expected",
    [
        ('[project]\nname = "x"\nrequires-python = ">=3.11"\n', (3, 11)),
        ('[project]\nname = "x"\nrequires-python = ">=3.9, <4"\n', (3, 9)),
        ('[tool.ruff]\ntarget-version = "py312"\n[project]\nrequires-python = ">=3.10"\n', (3, 12)),
        ('[tool.apptlint]\ntarget-python = "3.13"\n[project]\nrequires-python = ">=3.10"\n', (3, 13)),
        ('[tool.apptlint]\nselect = ["APT0"]\n[project]\nrequires-python = "~=3.11"\n', (3, 11)),
        ('[project]\nname = "x"\n', (3, 10)),
    ],
)
def test_target_python_comes_from_the_project(tmp_path, pyproject, expected):
    from apptlint.core.config import load_settings

    (tmp_path / "pyproject.toml").write_text(pyproject)
    (tmp_path / "pkg").mkdir()
    settings = load_settings([str(tmp_path / "pkg")])
    assert settings.python_grammar == expected


def test_a_bad_target_python_is_a_config_error(tmp_path):
    from apptlint.core.config import ConfigError, load_settings

    (tmp_path / "pyproject.toml").write_text('[tool.apptlint]\ntarget-python = "2.7"\n')
    with pytest.raises(ConfigError, match="target-python"):
        load_settings([str(tmp_path)])


def test_an_unreadable_folder_is_reported_and_exits_2(tmp_path, monkeypatch, cli):
    import os as real_os

    (tmp_path / "ok.py").write_text('x = appt["urls"]["cancel"][0]\n')
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "hidden.py").write_text('y = appt["urls"]["join"][0]\n')
    scandir = real_os.scandir

    def refusing(path="."):
        if real_os.path.abspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(real_os, "scandir", refusing)  # chmod 000 does not stop root, which CI runs as
    result = cli("check", "--exit-zero", tmp_path)
    assert result.exit_code == 2, result.output
    assert "locked" in result.output and "APT998" in result.output and "Permission denied" in result.output
    assert "ok.py" in result.output  # the rest was still checked


def test_a_syntax_error_is_reported_where_python_puts_it():
    result = run('x = 1\ny = (\nz = appt["urls"]["cancel"][0]\n', ["APT001"])
    assert (result.error.line, result.error.column) == (2, 5)
    assert "'(' was never closed" in result.error.message


@pytest.mark.parametrize(
    "src",
    [
        'stale = Appt.objects.exclude(payload__urls__reschedule__0=KT("payload__reschedule_url"))',
        'Appt.objects.filter(payload__cancel_url__isnull=True).update(cancel_link=KT("payload__urls__cancel__0"))',
        'x = jmespath.search("cancel_url", a) == jmespath.search("urls.cancel[0]", a)',
    ],
)
def test_a_path_beside_its_own_flat_field_is_not_rewritten(src):
    result = unsafe_fix(src + "\n")
    assert result.new_source is None, result.new_source.decode()
