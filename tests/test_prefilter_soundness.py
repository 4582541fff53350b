"""A prefilter may let too much through, never too little: on real and generated code, every finding a
rule makes when handed the file directly is also made behind the prefilter.

The real files are the test venv's that mention what the code rules look at (`urls`, `netloc`,
`hostname`, `split`, URL methods): the code that comes closest to a finding without being this API's.
The generated files are the benchmark's webhook consumers, which hold every read form and fixed host,
and hypothesis-built host logic (APT102's forms on every kind of URL it judges, with comments and line
breaks inside the expressions), where the prefilter needs evidence of this API to let a file through.
"""

from __future__ import annotations

import random
import re
import sysconfig
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from apptlint.code.engine import check_source
from apptlint.core import registry
from apptlint.core.config import Settings
from bench.corpora import consumer_source

pytestmark = pytest.mark.slow

SITE_PACKAGES = Path(sysconfig.get_paths()["purelib"])
NEAR_MISS = re.compile(rb"urls|netloc|hostname|\.split\(|startswith|_replace|savvycal")
CODES = [r.code for r in registry.code_rules()]


def _near_misses(limit: int = 120) -> list[Path]:
    found = []
    for path in sorted(SITE_PACKAGES.rglob("*.py")):
        try:
            size = path.stat().st_size
        except OSError:
            continue
        if size < 40_000 and NEAR_MISS.search(path.read_bytes()):
            found.append(path)
    return random.Random(17).sample(found, min(limit, len(found)))


def _findings(path: str, source: bytes, screened: bool) -> list[tuple]:
    result = check_source(path, source, Settings(), CODES, False, screened=screened)
    return sorted((f.code, f.line, f.column, f.message) for f in result.findings)


def _assert_same(path: str, source: bytes) -> None:
    direct = _findings(path, source, screened=True)
    behind = _findings(path, source, screened=False)
    assert behind == direct, f"{path}: the prefilter hid {sorted(set(direct) - set(behind))}"


@pytest.mark.parametrize("path", _near_misses(), ids=lambda p: str(p.relative_to(SITE_PACKAGES)))
def test_real_near_misses(path):
    _assert_same(str(path), path.read_bytes())


@pytest.mark.parametrize("seed", range(20))
def test_generated_consumers(seed):
    source = consumer_source(random.Random(seed), seed).encode()
    direct = _findings("consumer.py", source, screened=True)
    assert direct  # the corpus is built to hold findings
    _assert_same("consumer.py", source)


# ---- generated: APT102's forms, on every kind of URL and host it judges ------------------------------


GAPS = st.sampled_from(["", " ", "\n    ", "  # why\n    ", " \\\n    "])
OWNERS = st.sampled_from(
    ["appt", "link", "booking_link", "obj", "self.link", 'x["link"]', 'x.get("booking")', "links[0]"]
)
HOSTS = st.sampled_from(
    ['"savvycal.com"', '"app.savvycal.com"', '"example.com"', "settings.APP_HOST", '"book.acme.com"']
)


@st.composite
def url_expressions(draw):
    owner, gap = draw(OWNERS), draw(GAPS)
    return draw(
        st.sampled_from(
            [
                f'{owner}["cancel_url"]',
                f"({owner}{gap}.url)",
                f'({owner}{gap}["url"])',
                f'{owner}.get({gap}"url")',
                f'{owner}["urls"]["cancel"][0]',
                f"{owner}.join_url",
                "u",
                "BOOKING_URL",
                "link_url",
                "next_url",
            ]
        )
    )


@st.composite
def host_logic(draw):
    url, host, gap = draw(url_expressions()), draw(HOSTS), draw(GAPS)
    form = draw(st.integers(0, 7))
    return [
        f"ok = urlparse({gap}{url}).netloc == {host}",
        f"ok = urlsplit({url}).hostname != {host}",
        f"parts = urlsplit({url})\nnew = parts._replace(netloc={host})",
        f'import re\nx = re.sub(r"^https://[^/]+", "https://proxy", {url})',
        f'part = {url}.split("/")[2]',
        f'ok = {url}.startswith({gap}"https://savvycal.com/")',
        f"ok = {host} in {url}",
        f'new = {url}.replace("https://savvycal.com", {host})',
    ][form]


@hypothesis_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(host_logic(), min_size=1, max_size=4), st.booleans())
def test_generated_host_logic(statements, configured):
    source = ("\n".join(statements) + "\n").encode()
    host_settings = Settings(hosts=["book.acme.com"]) if configured else Settings()
    try:
        compile(source, "<generated>", "exec")
    except SyntaxError:
        return
    direct = check_source("g.py", source, host_settings, CODES, False, screened=True)
    behind = check_source("g.py", source, host_settings, CODES, False, screened=False)
    key = lambda r: sorted((f.code, f.line, f.column) for f in r.findings)  # noqa: E731
    assert key(behind) == key(direct)
