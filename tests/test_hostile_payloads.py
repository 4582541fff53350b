"""Payload input nobody prepared (issue #19): each case failed before the fix it names."""

import json
import os
import signal

import pytest
from hypothesis import given, settings, strategies as st

from apptlint.payload import snapshots
from apptlint.payload.jsonparse import parse

A15 = snapshots.example("1.5.0", "Appointment")
A16 = snapshots.example("1.6.0", "Appointment")
P15 = snapshots.example("1.5.0", "PublicAppointment")


def run_json(cli, command, *args):
    result = cli(command, "--output-format", "json", *map(str, args))
    return result.exit_code, json.loads(result.stdout)


def problem_codes(data: bytes) -> list[str]:
    return [p.code for p in parse(data).problems]


@pytest.mark.parametrize(
    "data",
    [
        b'{"locale" :"a","locale":"b"}',
        b'{"locale"\t:"a", "locale" : "b"}',
        b'{"a":"\\u0022:","a":1}',
        b'{"a":"x\\":","a":1}',
        b'{"a": {"b" :1, "b":2}, "c": "\\\\"}',
    ],
)
def test_duplicate_keys_are_found_however_spaced_or_escaped(data):
    assert "APT206" in problem_codes(data)


def test_migrate_refuses_a_payload_with_an_unusually_spaced_duplicate(cli, tmp_path):
    body = json.dumps({"data": P15})
    path = tmp_path / "p.json"
    path.write_bytes(body[:-2].encode() + b', "id" :"appt_x"}}')
    before = path.read_bytes()
    code, doc = run_json(cli, "migrate", "--write", path)
    assert "APT206" in [f["code"] for f in doc["findings"]]
    assert path.read_bytes() == before


JSON_KEYS = st.sampled_from(["a", "b", 'a"', "a\\", ":", '":', "\u00e9", " a"])


@st.composite
def spelled_json(draw, depth=0):
    """JSON text with keys that may repeat, odd blanks around `:` and `,`, and escapes that look like syntax."""
    blank = st.sampled_from(["", " ", "\t", "\n ", "  "])
    if depth > 2 or draw(st.booleans()):
        return draw(st.sampled_from(["1", '"x:"', '"\\\\"', '"\\""', '"\\u0022:"', "null", "-1.5e3", "[]"]))
    if draw(st.booleans()):
        items = draw(st.lists(spelled_json(depth + 1), max_size=3))
        return "[" + ",".join(items) + "]"
    members = []
    for key in draw(st.lists(JSON_KEYS, max_size=4)):
        escaped = json.dumps(key, ensure_ascii=draw(st.booleans()))
        members.append(draw(blank) + escaped + draw(blank) + ":" + draw(blank) + draw(spelled_json(depth + 1)))
    return "{" + ",".join(members) + draw(blank) + "}"


@settings(max_examples=300, deadline=None)
@given(spelled_json())
def test_duplicate_key_proof_agrees_with_the_exact_parser(text):
    duplicates = []

    def pairs(ps):
        duplicates.append(len(ps) != len({k for k, _ in ps}))
        return dict(ps)

    json.loads(text, object_pairs_hook=pairs)
    assert ("APT206" in problem_codes(text.encode())) == any(duplicates)


@pytest.mark.parametrize("literal", [b"1e400", b"-1E999", b"1.5e309"])
def test_a_float_beyond_double_range_is_non_portable(literal):
    assert problem_codes(b'{"n": ' + literal + b"}") == ["APT207"]


def test_huge_integer_is_a_finding_on_its_line_and_the_run_goes_on(cli, tmp_path):
    path = tmp_path / "log.jsonl"
    good = json.dumps({"data": A16})
    path.write_text(good + '\n{"object": "provider", "n": ' + "7" * 5001 + "}\n" + good + "\n")
    code, doc = run_json(cli, "validate", path)
    assert code == 1
    found = [(f["line"], f["code"]) for f in doc["findings"]]
    assert (2, "APT207") in found and {line for line, _ in found} == {2}
    assert any("5,001 digits" in f["message"] for f in doc["findings"])
    assert doc["summary"]["payloads"] == 3


def test_migratable_is_said_only_of_what_migrate_writes(cli, tmp_path):
    bad_uri = json.loads(json.dumps(P15))
    bad_uri["urls"]["cancel"] = ["not a uri"]
    cases = {"ok.json": {"data": P15}, "bad-uri.json": {"data": bad_uri}, "needs-refetch.json": {"data": A15}}
    for name, payload in cases.items():
        (tmp_path / name).write_text(json.dumps(payload))
    _, validated = run_json(cli, "validate", tmp_path)
    _, migrated = run_json(cli, "migrate", tmp_path)
    said = {os.path.basename(f["path"]): f for f in validated["findings"] if f["code"] == "APT204"}
    would = {os.path.basename(f["path"]) for f in migrated["findings"] if f["message"].startswith("would upgrade")}
    assert set(said) == set(cases)
    assert {name for name, f in said.items() if f["fixable"]} == would == {"ok.json"}
    assert "cannot upgrade it as it is" in said["bad-uri.json"]["message"]
    assert "--derive-missing` can derive" in said["needs-refetch.json"]["message"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_skipped_in_a_walk_and_reported_when_named(cli, tmp_path):
    signal.alarm(60)  # before the fix, reading the FIFO blocked forever: fail instead of hanging the suite
    os.mkfifo(tmp_path / "pipe.json")
    (tmp_path / "ok.json").write_text(json.dumps({"data": A16}))
    code, doc = run_json(cli, "validate", tmp_path)
    assert (code, doc["findings"], doc["summary"]["special_files_skipped"]) == (0, [], 1)
    code, doc = run_json(cli, "validate", tmp_path / "pipe.json", tmp_path / "ok.json")
    assert code == 2
    assert [(f["code"], f["message"]) for f in doc["findings"]] == [
        ("APT998", "cannot read: not a regular file (a FIFO); not read")
    ]
    os.mkfifo(tmp_path / "pipe.py")
    code, doc = run_json(cli, "check", tmp_path)
    assert (code, doc["summary"]["special_files_skipped"]) == (0, 1)
    signal.alarm(0)


def test_a_symlink_loop_is_a_finding_and_the_run_goes_on(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.symlink("loop.json", "loop.json")
    (tmp_path / "ok.json").write_text(json.dumps({"data": A16}))
    for command in ("validate", "migrate", "check"):
        code, doc = run_json(cli, command, "loop.json", "ok.json")
        assert code == 2, command
        assert [(f["path"], f["code"]) for f in doc["findings"]] == [("loop.json", "APT998")], command


def test_migrate_writes_through_a_symlink_and_keeps_the_link(cli, tmp_path):
    target = tmp_path / "store" / "event.json"
    target.parent.mkdir()
    target.write_text(json.dumps({"data": P15}, indent=2) + "\n")
    link = tmp_path / "event.json"
    link.symlink_to(os.path.relpath(target, tmp_path))
    lines = tmp_path / "store" / "log.jsonl"
    lines.write_text(json.dumps({"data": P15}) + "\n")
    lines_link = tmp_path / "log.jsonl"
    lines_link.symlink_to(lines)
    code, _ = run_json(cli, "migrate", "--write", link, lines_link)
    assert code == 0
    assert link.is_symlink() and lines_link.is_symlink()
    assert '"cancel_url"' in target.read_text() and '"cancel_url"' in lines.read_text()
    assert not [p for p in tmp_path.rglob("*apptlint-tmp*")]
