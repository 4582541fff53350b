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


PLAIN_KEYS = st.text(st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters='"\\/~'), max_size=4)
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


# ---- cost that grows with the findings ---------------------------------------------------------------


def long_envelope(n=150):
    from copy import deepcopy

    doc = deepcopy(snapshots.example("1.6.0", "BookingLinksResponse"))
    link = doc["data"][0]
    doc["data"] = [{**deepcopy(link), "id": f"bl_{i:024d}"} for i in range(n)]
    doc["meta"]["total_count"] = n
    doc["data"][3]["max_uses"] = 0
    doc["data"][70]["client"] = {"object": "client", "id": 5}  # inside anyOf [Client, null]
    del doc["data"][71]["url"]
    doc["data"][149]["providers"] = [{"object": "provider"}]
    doc["meta"]["page_size"] = "ten"
    return doc


def described(errors):
    from apptlint.payload.validation import describe, pointer_of

    return [(pointer_of("", e.absolute_path), describe(e, pointer_of("", e.absolute_path), True)) for e in errors]


def test_a_long_list_is_explained_item_by_item_with_the_same_result(monkeypatch):
    from apptlint.payload import validation

    doc = long_envelope()
    check = validation.validator("1.6.0", "BookingLinksResponse")
    itemwise = described(check.errors(doc))
    monkeypatch.setattr(validation, "EXPLAIN_ITEMWISE", 10**9)
    whole = described(check.errors(doc))
    assert itemwise == whole
    pointers = {p for p, _ in whole}
    assert {"/data/3/max_uses", "/data/70/client", "/data/71", "/meta/page_size"} <= pointers
    assert any(p.startswith("/data/149/providers/0") for p in pointers)


def test_one_required_failure_is_one_finding_naming_every_key(cli):
    from apptlint import validate_payload

    findings = validate_payload({"object": "client"})
    assert len(findings) == 1 and all(k in findings[0].message for k in ("'created_at'", "'id'", "'time_zone'"))
    result = cli("validate", "-", input='{"object": "appointment"}')
    assert result.stdout.count("APT201") == 1 and "more error" not in result.stdout


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda children: st.lists(children, max_size=4) | st.dictionaries(PLAIN_KEYS, children, max_size=4),
        max_leaves=25,
    ),
    st.integers(0, 3),
    st.data(),
)
def test_one_pass_positions_agree_with_a_full_source_map(value, indent, data):
    """json_source_map names members by their raw key text, so keys here need no escape (see the next test)."""
    from json_source_map import calculate

    from apptlint.payload.positions import locate_all

    text = json.dumps(value, indent=indent or None, ensure_ascii=False)
    full = calculate(text)
    wanted = data.draw(st.lists(st.sampled_from(sorted(full)), max_size=5)) + ["/no/such/member"]
    found = locate_all(text, wanted)
    for pointer in wanted:
        probe = pointer
        while probe not in full:
            probe = probe.rsplit("/", 1)[0]
        entry = full[probe].value_start
        assert found[pointer] == (entry.line + 1, entry.column + 1), pointer


def test_positions_of_members_whose_keys_are_escaped():
    from apptlint.payload.positions import locate_all

    text = '{\n  "a\\u002fb": {"x~y": 1},\n  "\\u00e9": [0,\n 7]}'
    assert json.loads(text) == {"a/b": {"x~y": 1}, "\u00e9": [0, 7]}
    assert locate_all(text, ["/a~1b/x~0y", "/\u00e9/1", "/\u00e9/9"]) == {
        "/a~1b/x~0y": (2, 23),
        "/\u00e9/1": (4, 2),
        "/\u00e9/9": (3, 13),
    }


def test_findings_of_a_big_document_are_located_in_one_pass(monkeypatch, tmp_path, cli):
    from apptlint.payload import positions

    calls = []
    real = positions.locate_all
    monkeypatch.setattr(positions, "locate_all", lambda *a: calls.append(1) or real(*a))
    import apptlint.payload.validate as validate_module

    monkeypatch.setattr(validate_module, "locate_all", positions.locate_all)
    path = tmp_path / "links.json"
    path.write_text(json.dumps(long_envelope(), indent=2))
    code, doc = run_json(cli, "validate", path)
    assert code == 1 and len(doc["findings"]) >= 5 and len(calls) == 1
    lines = path.read_text().splitlines()
    for f in doc["findings"]:
        key = f["pointer"].rsplit("/", 1)[-1]
        if not key.isdigit() and f["pointer"] != "/data/71":
            assert f'"{key}"' in lines[f["line"] - 1], f
