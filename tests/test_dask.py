"""The README's Dask example, run as written over three small shards, finds what `apptlint validate` finds."""

import copy
import json
import os
import re
from pathlib import Path

import pytest

from apptlint.payload import snapshots

dask = pytest.importorskip("dask", reason="dask[bag] is in the test extra: pip install -e '.[test]'")

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()
A15 = snapshots.example("1.5.0", "Appointment")
A16 = snapshots.example("1.6.0", "Appointment")
P15 = snapshots.example("1.5.0", "PublicAppointment")


def readme_example() -> str:
    section = README.split("## Archives beyond one machine", 1)[1].split("\n## ", 1)[0]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def event(obj, n):
    return json.dumps({"id": f"evt_{n}", "type": "appointment.created", "data": {"object": obj}})


def shards():
    bad_uri = copy.deepcopy(A16)
    bad_uri["cancel_url"] = "not a uri"
    return {
        "a.jsonl": [event(A16, 1), event(A15, 2), "", '{"broken": '],
        "b.jsonl": [event(bad_uri, 3), '{"object": "provider", "id": "x", "id": "y"}', '{"hello": "world"}'],
        "c.jsonl": [json.dumps({"data": P15}), '{"data": {"object": "client", "score": NaN}}', event(A16, 6)],
    }


def comparable(finding, base):
    # The Dask example places schema findings by line only; parse problems keep their column, and all else must match.
    column = finding["column"] if finding["code"] in ("APT205", "APT206", "APT207") else None
    return json.dumps(
        {**finding, "path": os.path.normpath(os.path.join(base, finding["path"])), "column": column}, sort_keys=True
    )


def test_readme_dask_example_matches_validate(cli, tmp_path, monkeypatch):
    archive = tmp_path / "archive"
    archive.mkdir()
    for name, lines in shards().items():
        (archive / name).write_text("".join(line + "\n" for line in lines))
    monkeypatch.chdir(tmp_path)
    # Not named after an importable module, so the workers get the function itself, pickled by value.
    namespace = {"__name__": "readme_dask_example"}
    with dask.config.set(num_workers=2):
        exec(compile(readme_example(), "README.md", "exec"), namespace)
    from_dask = [f.to_json() for f in namespace["findings"]]

    result = cli("validate", "--output-format", "json", "archive")
    from_cli = json.loads(result.stdout)["findings"]
    assert result.exit_code == 1
    assert sorted(comparable(f, tmp_path) for f in from_dask) == sorted(comparable(f, tmp_path) for f in from_cli)
    assert {f["code"] for f in from_cli} >= {"APT201", "APT202", "APT204", "APT205", "APT206", "APT207"}
    assert len({f["path"] for f in from_dask}) == 3
