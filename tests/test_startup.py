"""Start-up: what a run loads is what it needs (the speed itself is measured in bench/, not here).

A pre-commit run mostly passes files no code rule's prefilter lets through; for those, libcst, the
worker pool and the payload engine must stay unloaded. Each case runs in a fresh interpreter.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROBE = """
import json, sys
sys.argv = ["apptlint", *json.loads(sys.argv[1])]
from apptlint.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
loaded = [m for m in ("libcst._nodes", "concurrent.futures.process", "jsonschema_rs", "apptlint.cli.migrate")
          if m in sys.modules]
print(json.dumps({"code": code, "loaded": loaded}), file=sys.stderr)
"""


def run(tmp_path, *args: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args))], cwd=tmp_path, capture_output=True, text=True
    )
    return json.loads(proc.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "source",
    [
        "import os\n\n\ndef join(a):\n    return os.path.join(a, 'b')\n",
        # Passes the cheap gates ("url", "split") but no rule's full prefilter.
        "def parts(url):\n    return url.split('/')\n",
    ],
)
def test_a_clean_file_is_checked_without_libcst_or_a_pool(tmp_path, source):
    (tmp_path / "clean.py").write_text(source)
    result = run(tmp_path, "check", "clean.py")
    assert result == {"code": 0, "loaded": []}


def test_a_file_with_a_finding_loads_libcst_and_is_reported(tmp_path):
    (tmp_path / "handler.py").write_text('def link(appt):\n    return appt["urls"]["cancel"][0]\n')
    result = run(tmp_path, "check", "handler.py")
    assert result == {"code": 1, "loaded": ["libcst._nodes"]}


def test_fix_works_through_the_deferred_libcst(tmp_path):
    path = tmp_path / "handler.py"
    path.write_text('def link(appt):\n    return appt["urls"]["cancel"][0]\n')
    result = run(tmp_path, "check", "--fix", "--unsafe-fixes", "handler.py")
    assert result["code"] == 0
    assert path.read_text() == 'def link(appt):\n    return appt["cancel_url"]\n'


def test_validate_never_loads_libcst(tmp_path):
    (tmp_path / "event.json").write_text('{"type": "ping"}\n')
    result = run(tmp_path, "validate", "--skip-unrecognised", "event.json")
    assert result["loaded"] == ["jsonschema_rs"]


def test_every_command_is_listed_although_loaded_on_demand(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "apptlint", "--help"], capture_output=True, text=True, check=True)
    commands = proc.stdout.split("Commands:", 1)[1].split()
    for name in ("check", "config", "migrate", "rules", "schemas", "status", "validate"):
        assert name in commands


def test_the_deferred_module_is_the_real_libcst_once_used():
    code = (
        "from apptlint.cli.lazy_imports import defer\n"
        "defer('libcst')\n"
        "import libcst as cst\n"
        "import libcst.matchers as m\n"
        "from libcst._nodes.internal import CodegenState\n"
        "module = cst.parse_module('x = 1\\n')\n"
        "assert m.matches(module.body[0].body[0].value, m.Integer('1'))\n"
        "assert type(cst).__name__ == 'module' and cst.Module is type(module)\n"
        "print('ok')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout.strip() == "ok", proc.stderr
