"""Regressions for fixes that changed what code means (issue: `check` on code nobody prepared, section 0)."""

import pytest

from tests.helpers import check_transformed, run

REBINDINGS = [
    "appt = other",
    "for appt in xs:\n    pass",
    "with f() as appt:\n    pass",
    "(appt := y)",
    "appt, b = t",
    "appt += z",
    "if c:\n    appt = other",
    "while c:\n    appt = other",
    "try:\n    appt = other\nexcept E:\n    pass",
    "with f():\n    appt = other",
    'u["join"] = ["x"]',
    'u["join"].append("x")',
    'appt["urls"]["join"] = ["x"]',
    "del appt",
]


def indent(text, by="    "):
    return "".join(by + line for line in text.splitlines(keepends=True))


@pytest.mark.parametrize("between", REBINDINGS)
def test_an_alias_read_after_its_receiver_changed_is_reported_not_fixed(between):
    module = f'u = appt["urls"]\n{between}\nprint(u["join"][0])\n'
    function = (
        f'def f(appt, other, xs, t, z, c, y):\n    u = appt["urls"]\n{indent(between)}\n    print(u["join"][0])\n'
    )
    for src in (module, function):
        result = run(src, ["APT001"], fix=True, unsafe_fixes=True)
        assert result.new_source is None, src
        assert [(f.code, f.fixable) for f in result.findings if f.code == "APT001"] == [("APT001", False)]


def test_a_rebinding_in_the_reads_own_statement_counts():
    result = run(
        'u = appt["urls"]\nfor appt in xs:\n    print(u["join"][0])\n', ["APT001"], fix=True, unsafe_fixes=True
    )
    assert result.new_source is None


def test_nothing_in_between_is_still_fixed_and_the_dead_alias_goes():
    check_transformed(
        'def f(appt):\n    u = appt["urls"]  # links\n    print(u["join"][0])\n',
        'def f(appt):\n    # links\n    print(appt["join_url"])\n',
        ["APT001"],
        unsafe_fixes=True,
    )
    # A module's alias is an attribute another module may import: it stays.
    check_transformed(
        'u = appt["urls"]\nprint(u["join"][0])\n',
        'u = appt["urls"]\nprint(appt["join_url"])\n',
        ["APT001"],
        unsafe_fixes=True,
    )


def test_a_write_anywhere_in_the_file_keeps_reads_on_that_payload_unfixed():
    for src in (
        'u = appt["urls"]\nu["join"] = ["x"]\nprint(appt["urls"]["join"][0])\n',
        'def w():\n    appt["urls"]["join"] = ["x"]\nw()\nprint(appt["urls"]["join"][0])\n',
        'appt.update(other)\nprint(appt["urls"]["join"][0])\n',
    ):
        result = run(src, ["APT001"], fix=True, unsafe_fixes=True)
        assert result.new_source is None, src
        assert "writes to it" in result.findings[0].message


def test_a_global_receiver_with_a_call_or_yield_on_the_way_is_not_fixed():
    for src in (
        'def f():\n    u = appt["urls"]\n    step()\n    return u["cancel"][0]\n',
        'def f():\n    u = appt["urls"]\n    yield\n    print(u["cancel"][0])\n',
        'def f():\n    global appt\n    appt = 1\ndef g(appt):\n    u = appt["urls"]\n    return u["cancel"][0]\n',
    ):
        assert run(src, ["APT001"], fix=True, unsafe_fixes=True).new_source is None, src


def test_a_one_element_tuple_index_is_no_deprecated_read():
    assert run('x = appt["urls"]["cancel",][0]\ny = appt["urls"]["cancel"][0,]\n', ["APT001"]).findings == []


def test_parentheses_and_comments_around_a_read_are_kept():
    check_transformed(
        'ok = (\n    # keep this comment\n    appt["urls"]["cancel"][0]\n)\n',
        'ok = (\n    # keep this comment\n    appt["cancel_url"]\n)\n',
        ["APT001"],
        unsafe_fixes=True,
    )
    check_transformed(
        'x = (appt\n["urls"]["cancel"][0])\n', 'x = (appt\n["cancel_url"])\n', ["APT001"], unsafe_fixes=True
    )


def test_a_file_libcst_does_not_reproduce_is_reported_and_left_alone():
    src = 'link = appt["urls"]["cancel"][0]\n    # note one\n\n    # note two\n'
    result = run(src, ["APT001"], fix=True, unsafe_fixes=True)
    assert result.new_source is None
    assert result.error is not None and "byte for byte" in result.error.message
    assert [f.code for f in result.findings] == ["APT001"]


def test_carriage_return_line_endings_survive():
    check_transformed(
        'x = 1\rlink = appt["urls"]["cancel"][0]\r', 'x = 1\rlink = appt["cancel_url"]\r', ["APT001"], unsafe_fixes=True
    )


def test_a_read_nested_in_another_is_fixed_too():
    check_transformed(
        'x = y[a["urls"]["cancel"][0]]["urls"]["join"][0]\n',
        'x = y[a["cancel_url"]]["join_url"]\n',
        ["APT001"],
        unsafe_fixes=True,
    )


@pytest.mark.parametrize(
    "src",
    [
        'def f(appt):\n    x = appt["urls"]["cancel"][0]\n    if x == 0:\n        pass\n'
        + "".join(f"    elif x == {i}:\n        pass\n" for i in range(1, 500)),
        'x = appt["urls"]["cancel"][0] + ' + " + ".join(['"a"'] * 500) + "\n",
    ],
)
def test_a_file_too_deep_to_analyse_is_reported_in_bounded_time(src):
    result = run(src, fix=True, unsafe_fixes=True)
    assert result.new_source is None and result.findings == []
    assert result.error is not None and "too deep" in result.error.message


def test_a_deep_file_does_not_stop_the_others(tmp_path, cli):
    (tmp_path / "deep.py").write_text('x = appt["urls"]["cancel"][0] + ' + " + ".join(['"a"'] * 500) + "\n")
    (tmp_path / "ok.py").write_text('x = appt["urls"]["cancel"][0]\n')
    out = cli("check", "--jobs", "1", tmp_path).stdout
    assert "deep.py:1:1: APT999" in out and "ok.py:1:5: APT001" in out


def test_an_alias_still_read_elsewhere_stays():
    check_transformed(
        'def g(appt):\n    u = appt["urls"]\n    print(u)\n    return u["join"][0]\n',
        'def g(appt):\n    u = appt["urls"]\n    print(u)\n    return appt["join_url"]\n',
        ["APT001"],
        unsafe_fixes=True,
    )
    check_transformed(
        'urls = A["urls"]\nx = urls["join"][0]  # noqa\ny = urls["ics"][0]\n',
        'urls = A["urls"]\nx = urls["join"][0]  # noqa\ny = A["ics_url"]\n',
        ["APT001"],
        unsafe_fixes=True,
    )


def test_a_comment_inside_the_read_blocks_its_fix():
    result = run('x = (appt["urls"]  # why\n     ["cancel"][0])\n', ["APT001"], fix=True, unsafe_fixes=True)
    assert result.new_source is None and [f.fixable for f in result.findings] == [False]


def test_a_chain_deeper_than_the_c_parser_goes_is_reported_at_once():
    src = "x = " + " + ".join(['appt["urls"]["cancel"][0]'] * 3000) + "\n"
    result = run(src, fix=True, unsafe_fixes=True)
    assert result.error is not None and "too deep" in result.error.message and result.new_source is None
