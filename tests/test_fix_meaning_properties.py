"""Execution, not inspection: generated programs compute the same on 1.6.0 payloads after `--fix --unsafe-fixes`.

Each program reads deprecated `urls` lists in a random spelling (f-strings in either quote, key constants,
`.get` chains, attribute reads on models), mixed with one of the write families an outside differential run
found (unbound mutators, `operator.setitem`, `__init__`, list aliases and their mutating methods, a
click-tracking proxy, same-file helpers, transitively) placed before, after or on a loop's back edge, or with a
model declaring `urls` and maybe the flat fields. The original and the fixed program run on the same 1.6.0
payloads (each flat field equal to its list's first URL, the lists holding a second URL so `.reverse()` shows)
and must return the same, or raise the same. The fixed file must also parse on Python 3.10's grammar.
"""

from __future__ import annotations

import copy
import os
import sys

import libcst as cst
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

from apptlint.code.engine import check_source
from apptlint.code.grammar import grammar_problems
from apptlint.core.config import Settings

EXAMPLES = int(os.environ.get("APPTLINT_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KEYS = ("cancel", "reschedule", "ics", "add_to_calendar", "confirm", "join")
CODES = ["APT001", "APT002", "APT003", "APT004"]


def payload(tag: str = "") -> dict:
    urls = {k: [f"https://book.example/{k}{tag}", f"https://other.example/{k}{tag}"] for k in KEYS}
    flat = {f"{k}_url": urls[k][0] for k in KEYS}
    return {"id": "appt_1", "urls": urls, **flat}


def read_spellings(key: str) -> list[str]:
    return [
        f'appt["urls"]["{key}"][0]',
        f"appt.get('urls', {{}}).get('{key}', [None])[0]",
        f"f\"<{{appt['urls'][K_{key.upper()}][0]}}>\"",
        f"f'<{{appt[\"urls\"][K_{key.upper()}][0]}}>'",
        f'f"""<{{appt[\'urls\'][\'{key}\'][0]}}>"""',
        f"(appt['urls'] or {{}}).get('{key}', [''])[0]",
    ]


def writes(key: str) -> list[str]:
    flat = f"{key}_url"
    return [
        f'dict.update(appt, {{"{flat}": "X"}})',
        f'appt.__init__({{**appt, "{flat}": "X"}})',
        f'operator.setitem(appt, "{flat}", "X")',
        f'setitem(appt["urls"], "{key}", ["X"])',
        f'operator.delitem(appt, "{flat}")',
        f'lst = appt["urls"]["{key}"]\nlst.insert(0, "X")',
        f'lst = appt["urls"]["{key}"]\nlst.reverse()',
        f'lst = appt["urls"]["{key}"]\nlst.sort(reverse=True)',
        'for lists in appt["urls"].values():\n    lists.reverse()',
        'for kind in appt["urls"]:\n    appt["urls"][kind] = ["T" + v for v in appt["urls"][kind]]',
        "wipe(appt)",
        "outer(appt)",
        "Helper().scramble(appt)",
        "pass",  # no write: the fix must then be applied and keep the result
    ]


HEADER = (
    "import operator\nfrom operator import setitem\n"
    + "".join(f'K_{k.upper()} = "{k}"\n' for k in KEYS)
    + "def wipe(payload):\n    payload['urls']['cancel'].reverse()\n"
    "def outer(p):\n    wipe(p)\n"
    "class Helper:\n    def scramble(self, payload):\n        payload.update({'cancel_url': 'Y'})\n"
)


def indent(text: str, by: str) -> str:
    return "".join(by + line + "\n" for line in text.splitlines())


@st.composite
def programs(draw) -> str:
    key = draw(st.sampled_from(KEYS))
    reads = draw(st.lists(st.sampled_from(read_spellings(key)), min_size=1, max_size=3))
    # Half the programs write nothing, so the fix is applied and its result checked; half write in one of the ways.
    write = draw(st.sampled_from(writes(key))) if draw(st.booleans()) else "pass"
    where = draw(st.sampled_from(["before", "after", "loop"]))
    body = "out = []\n"
    reading = "".join(f"out.append({r})\n" for r in reads)
    if where == "before":
        body += write + "\n" + reading
    elif where == "after":
        body += reading + write + "\n"
    else:  # the write runs on the loop's back edge, between two passes of the reads
        body += "for _ in range(2):\n" + indent(reading, "    ") + indent(write, "    ")
    return HEADER + "def f(appt):\n" + indent(body + "return out", "    ")


def run(src: str, data: dict):
    namespace: dict = {}
    try:
        exec(compile(src, "<program>", "exec"), namespace)
        return ("ok", repr(namespace["f"](copy.deepcopy(data))))
    except Exception as exc:  # the same exception type is the same behaviour
        return ("raised", type(exc).__name__)


def fixed(src: str) -> str | None:
    result = check_source("p.py", src.encode(), Settings(), CODES, True, unsafe_fixes=True)
    # A fix is never refused by the engine's last check (a parse failure, a byte outside its span): the rules
    # must not propose what cannot be written.
    assert result.error is None, result.error.message
    return result.new_source.decode() if result.new_source is not None else None


@FUZZ
@given(programs())
def test_fixed_programs_compute_the_same_on_160_payloads(src):
    note(src)
    after = fixed(src)
    event("fixed" if after is not None else "not fixed")
    if after is None:
        return
    note(after)
    assert not grammar_problems(cst.parse_module(after), (3, 10)), "the fix does not parse on Python 3.10"
    for data in (payload(), payload("-2")):
        assert run(src, data) == run(after, data)


MODELS = [
    "@dataclass\nclass Appt:\n    urls: object\n",
    "@dataclass\nclass Appt:\n    urls: object\n    {flat}: str = ''\n",
    "class Appt(NamedTuple):\n    urls: object\n",
    "class Appt:\n    __slots__ = ('urls',)\n    def __init__(self, urls):\n        self.urls = urls\n",
]


@FUZZ
@given(st.sampled_from(KEYS), st.sampled_from(MODELS), st.booleans())
def test_attribute_fixes_keep_models_working(key, model, via_getattr):
    flat = f"{key}_url"
    read = f'getattr(a.urls, "{key}")[0]' if via_getattr else f"a.urls.{key}[0]"
    src = (
        "from dataclasses import dataclass\nfrom types import SimpleNamespace\nfrom typing import NamedTuple\n"
        + model.format(flat=flat)
        + f"def f(a):\n    return {read}\n"
        + "def g(lists):\n"
        + f"    a = Appt(SimpleNamespace(**lists))\n    if hasattr(a, '{flat}') and not a.__class__.__name__ == 'tuple':\n"
        + "        try:\n"
        + f"            object.__setattr__(a, '{flat}', lists['{key}'][0])\n"
        + "        except AttributeError:\n            pass\n"
        + "    return f(a)\n"
    )
    note(src)
    after = fixed(src)
    lists = payload()["urls"]
    namespace_before: dict = {}
    exec(compile(src, "<before>", "exec"), namespace_before)
    expected = namespace_before["g"](lists)
    if after is not None:
        namespace_after: dict = {}
        exec(compile(after, "<after>", "exec"), namespace_after)
        assert namespace_after["g"](lists) == expected, after


def test_the_harness_sees_a_meaning_change():
    """The property can fail: a rewrite that ignores a write changes what the program returns."""
    src = HEADER + "def f(appt):\n    wipe(appt)\n    return appt['urls']['cancel'][0]\n"
    broken = src.replace("appt['urls']['cancel'][0]", "appt['cancel_url']")
    assert run(src, payload()) != run(broken, payload())
    # And on Python 3.10/3.11 the harness's compile() rejects an f-string reusing its own quote.
    assert sys.version_info >= (3, 12) or run('x = f"{a["b"]}"', {}) == ("raised", "SyntaxError")
