"""A prefilter may let too much through, never too little: on real and generated code, every finding a
rule makes when handed the file directly is also made behind the prefilter.

The real files are the test venv's that mention what the code rules look at (`urls`, `netloc`,
`hostname`, `split`, URL methods): the code that comes closest to a finding without being this API's.
The generated files are the benchmark's webhook consumers, which hold every read form and fixed host.
"""

from __future__ import annotations

import random
import re
import sysconfig
from pathlib import Path

import pytest

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
