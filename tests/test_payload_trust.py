"""Payload input and runs nobody prepared for (issue #26): each case failed before the fix it names."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from apptlint.payload import snapshots

A15 = snapshots.example("1.5.0", "Appointment")
R15 = snapshots.example("1.5.0", "AppointmentResponse")


def run_json(cli, command, *args):
    result = cli(command, "--output-format", "json", *map(str, args))
    assert "internal error" not in result.stderr, result.stderr
    return result.exit_code, json.loads(result.stdout)


def places(doc) -> list[tuple[str, int | None, str]]:
    return [(f["path"].rsplit("/", 1)[-1], f["line"], f["code"]) for f in doc["findings"]]


def cassette(body_yaml: str, extra: str = "") -> str:
    """A one-interaction cassette whose `body:` mapping is `body_yaml` (flow style, one line)."""
    return (
        "interactions:\n"
        "- request: {method: GET, uri: 'https://api.example.test/x', body: null, headers: {}}\n"
        "  response:\n"
        "    status: {code: 200, message: OK}\n"
        "    headers: {Content-Type: [application/json]}\n"
        f"    body: {body_yaml}\n"
        f"{extra}"
        "version: 1\n"
    )


# ---- 1. crashes that ended the whole run -------------------------------------------------------


@pytest.mark.parametrize("string", ["{a: 1}", "[1, 2]"])
@pytest.mark.parametrize("command", ["validate", "migrate"])
def test_a_cassette_body_string_that_is_a_mapping_or_list_is_a_finding(cli, tmp_path, string, command):
    folder = tmp_path / "cassettes"
    folder.mkdir()
    (folder / "a.yaml").write_text(cassette("{string: " + string + "}"))
    (folder / "b.yaml").write_text(cassette("{string: " + json.dumps(json.dumps(R15)) + "}"))
    code, doc = run_json(cli, command, "--derive-missing" if command == "migrate" else "--quiet", tmp_path)
    found = places(doc)
    assert ("a.yaml", 6, "APT205") in found
    assert any(name == "b.yaml" for name, _, _ in found), "the next cassette was still read"
    message = next(f["message"] for f in doc["findings"] if f["path"].endswith("a.yaml"))
    assert "interaction 0" in message and ("mapping" in message or "list" in message)


@pytest.mark.parametrize(
    "text",
    [
        '{"log": []}',
        '{"log": {"entries": [{"response": null}]}}',
        '{"log": {"entries": [{"response": {"content": []}}]}}',
        '{"log": {"entries": null}}',
        "[]",
    ],
)
@pytest.mark.parametrize("command", ["validate", "migrate"])
def test_a_har_of_the_wrong_shape_is_a_finding_and_the_run_goes_on(cli, tmp_path, text, command):
    (tmp_path / "a.har").write_text(text)
    (tmp_path / "b.json").write_text(json.dumps(R15))
    code, doc = run_json(cli, command, tmp_path)
    found = places(doc)
    assert any(name == "b.json" for name, _, _ in found), "the next file was still read"
    assert ("a.har", 1, "APT205") in found


def test_migrate_reports_an_integer_too_long_to_read_and_goes_on_with_the_folder(cli, tmp_path):
    long_number = "9" * 4400
    for name in ("a.json", "c.json"):
        (tmp_path / name).write_text(json.dumps(R15))
    big = tmp_path / "b.json"
    big.write_text(json.dumps({**R15, "extra": 0}, indent=2).replace('"extra": 0', f'"extra": {long_number}'))
    before = big.read_bytes()
    code, doc = run_json(cli, "migrate", "--derive-missing", "--write", tmp_path)
    assert code == 1
    assert ("b.json", 1, "APT207") in places(doc)
    assert any("left unchanged" in f["message"] for f in doc["findings"] if f["path"].endswith("b.json"))
    assert big.read_bytes() == before
    for name in ("a.json", "c.json"):
        assert "cancel_url" in json.loads((tmp_path / name).read_text())["data"]


def test_a_recursive_yaml_alias_is_a_finding_not_a_recursion_error(cli, tmp_path):
    folder = tmp_path / "cassettes"
    folder.mkdir()
    looped = folder / "a.yaml"
    looped.write_text(cassette("{string: " + json.dumps(json.dumps(R15)) + "}", "  extra: &loop [*loop]\n"))
    (folder / "b.yaml").write_text(cassette("{string: " + json.dumps(json.dumps(R15)) + "}"))
    before = looped.read_bytes()
    code, doc = run_json(cli, "validate", tmp_path)
    assert ("a.yaml", 7, "APT205") in places(doc) and ("b.yaml", 6, "APT204") in places(doc)
    code, doc = run_json(cli, "migrate", "--derive-missing", "--write", tmp_path)
    assert ("a.yaml", 7, "APT205") in places(doc)
    assert looped.read_bytes() == before
    assert "cancel_url" in (folder / "b.yaml").read_text(), "the next cassette was still migrated"


@pytest.mark.parametrize(
    "spoil",
    [
        lambda text: text[:-1] + ', "id": "appt_a1b2c3d4e5f6"}',  # a duplicate key
        lambda text: text[:-1] + ', "extra": ' + "9" * 4400 + "}",  # an integer Python refuses to read
    ],
)
def test_validate_does_not_promise_a_migration_that_migrate_refuses(cli, tmp_path, spoil):
    path = tmp_path / "a.json"
    path.write_text(spoil(json.dumps({**A15, "urls": {**A15["urls"], "add_to_calendar": ["https://x.test/a"]}})))
    code, doc = run_json(cli, "validate", path)
    (apt204,) = [f for f in doc["findings"] if f["code"] == "APT204"]
    assert not apt204["fixable"] and "cannot upgrade it" in apt204["message"]
    code, doc = run_json(cli, "migrate", path)
    assert any("left unchanged" in f["message"] for f in doc["findings"])


@pytest.mark.parametrize("command", ["validate", "migrate"])
def test_a_lone_surrogate_escape_is_invalid_json_not_a_crash(cli, tmp_path, command):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(R15).replace('"Pat"', '"P\\ud800t"'))
    (tmp_path / "b.json").write_text(json.dumps(R15))
    code, doc = run_json(cli, command, "--derive-missing" if command == "migrate" else "--quiet", tmp_path)
    (finding,) = [f for f in doc["findings"] if f["path"].endswith("a.json")]
    assert finding["code"] == "APT205" and "surrogate" in finding["message"]
    assert any(f["path"].endswith("b.json") for f in doc["findings"])


def test_a_pair_of_surrogate_escapes_is_one_character_and_valid(cli, tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({**R15}).replace('"Pat"', '"Pat \\ud83d\\ude00"'))
    code, doc = run_json(cli, "validate", path)
    assert [f["code"] for f in doc["findings"]] == ["APT204"]


def test_an_event_whose_type_is_not_a_string_is_checked_not_a_crash(cli, tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"type": {"x": 1}, "object": A15}))
    for command in ("validate", "migrate"):
        code, doc = run_json(cli, command, path)
        assert code == 1 and not [f for f in doc["findings"] if f["code"] == "APT998"]


def test_a_payload_nested_too_deep_to_edit_is_left_alone_and_validate_says_so(cli, tmp_path):
    deep = "9" + "]" * 900
    path = tmp_path / "deep.json"
    payload = {**R15, "data": {**R15["data"], "client": {**R15["data"]["client"], "metadata": {"x": "DEEP"}}}}
    path.write_text(json.dumps(payload).replace('"DEEP"', "[" * 900 + deep))
    code, doc = run_json(cli, "validate", path)
    (apt204,) = [f for f in doc["findings"] if f["code"] == "APT204"]
    assert not apt204["fixable"] and "too deep to edit in place" in apt204["message"]
    before = path.read_bytes()
    code, doc = run_json(cli, "migrate", "--derive-missing", "--write", path)
    assert [(f["code"], "too deep" in f["message"]) for f in doc["findings"]] == [("APT205", True)]
    assert path.read_bytes() == before


@pytest.mark.parametrize("command", ["validate", "migrate"])
def test_a_file_apptlint_fails_on_is_a_finding_and_the_others_are_still_checked(cli, tmp_path, monkeypatch, command):
    """Whatever this issue's fixes missed: an exception on one file is that file's finding, never exit 2 for all."""
    from apptlint.sources.recorded import HarFile

    def broken(self, data):
        raise TypeError("a case nobody foresaw")

    monkeypatch.setattr(HarFile, "responses", broken)
    (tmp_path / "a.har").write_text('{"log": {"entries": []}}')
    (tmp_path / "b.json").write_text(json.dumps(R15))
    code, doc = run_json(cli, command, "--derive-missing" if command == "migrate" else "--quiet", tmp_path)
    assert code == 2
    assert ("a.har", None, "APT998") in places(doc) and any(name == "b.json" for name, _, _ in places(doc))
    assert "TypeError: a case nobody foresaw" in next(f["message"] for f in doc["findings"] if f["code"] == "APT998")


# ---- 2. a folder that cannot be read -----------------------------------------------------------


def _locked(monkeypatch, folder):
    """`folder` as chmod 000 leaves it for anyone but root (tests run as root in CI, where it would be read)."""
    real = os.scandir

    def scandir(path="."):
        if os.path.realpath(path) == os.path.realpath(folder):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


@pytest.mark.parametrize("named", ["locked", "parent"])
@pytest.mark.parametrize("command", ["validate", "migrate"])
def test_an_unreadable_folder_is_reported_and_exits_2(cli, tmp_path, monkeypatch, command, named):
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.json").write_text(json.dumps(R15))
    (tmp_path / "b.json").write_text(json.dumps(snapshots.example("1.6.0", "AppointmentResponse")))
    _locked(monkeypatch, locked)
    result = cli(command, locked if named == "locked" else tmp_path)
    assert result.exit_code == 2, result.output
    (line,) = [line for line in result.output.splitlines() if "APT998 cannot read" in line]
    assert str(locked) in line and "Permission denied" in line and "folder" in line
    assert "nothing was checked" not in result.output or named == "parent"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 folder")
def test_a_chmod_000_folder_is_reported(cli, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.json").write_text(json.dumps(R15))
    locked.chmod(0)
    try:
        result = cli("validate", tmp_path)
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 2 and str(locked) in result.output


def test_status_counts_an_unreadable_folder(cli, tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    _locked(monkeypatch, locked)
    result = cli("status", "--output-format", "json", tmp_path)
    state = json.loads(result.stdout)
    assert state["remaining"] == 1 and str(locked) in state["unreadable"][0]


# ---- 3. verdicts and recognition ---------------------------------------------------------------

A16 = snapshots.example("1.6.0", "Appointment")
LINKS = snapshots.example("1.6.0", "BookingLinksResponse")


def test_a_booking_link_list_without_meta_breaks_booking_links_response(cli, tmp_path):
    path = tmp_path / "links.json"
    path.write_text(json.dumps({"data": LINKS["data"]}))
    code, doc = run_json(cli, "validate", "--detect-version", path)
    assert code == 1
    assert [(f["code"], f["pointer"]) for f in doc["findings"]] == [("APT201", "")]
    assert "meta" in doc["findings"][0]["message"]
    assert doc["summary"]["detected"][0]["kinds"] == ["BookingLinksResponse"]


LOOKS_LIKE_THIS_API = {
    "appointment-missing-a-key": {k: v for k, v in A16.items() if k != "cancellation_events"},
    "list-envelope-with-null-data": {"data": None, "meta": LINKS["meta"]},
    "near-miss-discriminator": {**A16["client"], "object": "clientx"},
    "webhook-of-an-unknown-type": {"type": "appointment.creatd", "data": {"object": {"id": "x"}}},
}


@pytest.mark.parametrize("name", sorted(LOOKS_LIKE_THIS_API))
@pytest.mark.parametrize("flag", [None, "--skip-unrecognised"])
def test_a_document_that_looks_like_this_api_is_checked_however_broken(cli, tmp_path, name, flag):
    (tmp_path / "p.json").write_text(json.dumps(LOOKS_LIKE_THIS_API[name]))
    (tmp_path / "package.json").write_text(json.dumps({"name": "x", "data": {"object": 1}}))
    args = [flag] if flag else []
    named = [tmp_path / "p.json", tmp_path / "package.json"] if flag else [tmp_path]
    code, doc = run_json(cli, "validate", *args, *named)
    assert code == 1, doc
    assert {f["path"].rsplit("/", 1)[-1] for f in doc["findings"]} == {"p.json"}
    assert doc["summary"]["unrecognised_skipped"] == 1  # package.json: no sign of this API


@pytest.mark.parametrize("wrapper", ['{"data":', '{"object":', '{"data":['])
def test_telling_a_deeply_nested_document_from_another_file_does_not_exhaust_the_stack(cli, tmp_path, wrapper):
    closer = "]}" if wrapper.endswith("[") else "}"
    (tmp_path / "deep.json").write_text(wrapper * 900 + "{}" + closer * 900)
    result = cli("validate", "--skip-unrecognised", tmp_path / "deep.json")
    assert "apptlint failed on it" not in result.output and "internal error" not in result.output, result.output


def test_a_near_miss_discriminator_is_named_in_the_finding(cli, tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps({**A16["client"], "object": "clientx"}))
    code, doc = run_json(cli, "validate", path)
    (finding,) = doc["findings"]
    assert finding["code"] == "APT202" and "'clientx'" in finding["message"] and "'client'" in finding["message"]


def test_an_appointment_missing_a_recognition_key_is_still_an_appointment(cli, tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps(LOOKS_LIKE_THIS_API["appointment-missing-a-key"]))
    code, doc = run_json(cli, "validate", path)
    assert [(f["code"], f["schema_version"]) for f in doc["findings"]] == [("APT201", "1.6.0")]
    assert "cancellation_events" in doc["findings"][0]["message"]


# ---- 4. hostile input bounds -------------------------------------------------------------------


def _gzip_cassette(tmp_path, payload: bytes, name="bomb.yaml"):
    import gzip

    from tests.test_recorded import JSON, vcr_cassette

    return vcr_cassette(
        tmp_path / "cassettes" / name, [(gzip.compress(payload, mtime=0), {**JSON, "Content-Encoding": ["gzip"]})]
    )


def test_a_gzip_body_past_the_configured_size_is_reported_and_the_run_goes_on(cli, tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.apptlint]\nmax-body-bytes = 1000\n")
    big = _gzip_cassette(tmp_path, json.dumps(R15).encode())
    _gzip_cassette(tmp_path, b'{"a": 1}', "small.yaml")
    before = big.read_bytes()
    code, doc = run_json(cli, "migrate", "--derive-missing", "--write", tmp_path)
    (finding,) = [f for f in doc["findings"] if f["path"].endswith("bomb.yaml")]
    assert finding["code"] == "APT205" and "max-body-bytes" in finding["message"] and finding["line"]
    assert big.read_bytes() == before
    assert cli("validate", tmp_path / "cassettes" / "small.yaml").exit_code == 0


def test_a_gzip_bomb_is_stopped_by_its_ratio(cli, tmp_path):
    import tracemalloc

    _gzip_cassette(tmp_path, b'{"a": "' + b" " * (16 * 1024 * 1024) + b'"}')
    tracemalloc.start()
    code, doc = run_json(cli, "validate", tmp_path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    (finding,) = doc["findings"]
    assert finding["code"] == "APT205" and "max-compression-ratio" in finding["message"]
    assert peak < 8 * 1024 * 1024, "decompression stopped early, not after inflating it all"


def test_body_limits_are_checked_config_values(cli, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.apptlint]\nmax-compression-ratio = "many"\n')
    result = cli("validate", tmp_path)
    assert result.exit_code == 2 and "max-compression-ratio" in result.output


def test_billion_laughs_yaml_is_refused(cli, tmp_path):
    lines = ['a0: &a0 ["lol"]'] + [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 10)]
    path = tmp_path / "cassettes" / "laughs.yaml"
    path.parent.mkdir()
    path.write_text("\n".join(lines) + "\ninteractions: []\nversion: 1\n")
    code, doc = run_json(cli, "validate", tmp_path)
    (finding,) = doc["findings"]
    assert finding["code"] == "APT205" and "alias" in finding["message"]


def test_a_deflate_body_is_decoded_and_written_back_deflated(cli, tmp_path):
    import zlib

    import yaml

    from tests.test_recorded import JSON, vcr_cassette

    path = vcr_cassette(
        tmp_path / "cassettes" / "d.yaml",
        [(zlib.compress(json.dumps(R15).encode()), {**JSON, "Content-Encoding": ["deflate"]})],
    )
    code, doc = run_json(cli, "validate", path)
    assert [f["code"] for f in doc["findings"]] == ["APT204"]
    assert cli("migrate", "--derive-missing", "--write", path).exit_code == 0
    body = yaml.safe_load(path.read_text())["interactions"][0]["response"]["body"]["string"]
    assert "cancel_url" in json.loads(zlib.decompress(body))["data"]


def test_a_duplicate_key_in_a_cassette_is_apt206_and_nothing_is_written(cli, tmp_path):
    path = tmp_path / "cassettes" / "dup.yaml"
    path.parent.mkdir()
    body = json.dumps(json.dumps(R15))
    path.write_text(cassette("{string: " + body + ", string: " + body + "}"))
    before = path.read_bytes()
    code, doc = run_json(cli, "migrate", "--derive-missing", "--write", path)
    assert places(doc) == [("dup.yaml", 6, "APT206")]
    assert path.read_bytes() == before


def test_a_body_in_an_encoding_apptlint_cannot_decode_is_said_so_not_called_invalid_json(cli, tmp_path):
    from tests.test_recorded import JSON, vcr_cassette

    path = vcr_cassette(
        tmp_path / "cassettes" / "br.yaml", [(b"\x8b\x05\x80{}\x03", {**JSON, "Content-Encoding": ["br"]})]
    )
    code, doc = run_json(cli, "validate", path)
    (finding,) = doc["findings"]
    assert finding["code"] == "APT205" and "Content-Encoding: br" in finding["message"], finding["message"]


def test_a_duplicate_key_in_a_har_is_apt206_on_its_line_and_nothing_is_written(cli, tmp_path):
    from tests.test_recorded import har, har_entry

    path = tmp_path / "s.har"
    text = har([har_entry(json.dumps(R15))])
    path.write_text(text.replace('"status": 200,', '"status": 200,\n        "status": 500,'))
    before = path.read_bytes()
    line = before.decode().splitlines().index('        "status": 500,') + 1
    code, doc = run_json(cli, "migrate", "--derive-missing", "--write", path)
    assert places(doc) == [("s.har", line, "APT206")]
    assert path.read_bytes() == before


# ---- 5. writes ---------------------------------------------------------------------------------


def _another_writer(monkeypatch, source_class, change):
    """Run `change(path)` just before `source_class` commits: another process wrote the file meanwhile."""
    commit = source_class.commit

    def commit_after_a_change(self):
        change(self.name)
        return commit(self)

    monkeypatch.setattr(source_class, "commit", commit_after_a_change)


@pytest.mark.parametrize("in_parallel", [False, True])
def test_lines_appended_during_a_json_lines_migration_are_kept(cli, tmp_path, monkeypatch, in_parallel):
    from apptlint.payload import validate
    from apptlint.sources.files import JsonLinesFile

    if in_parallel:  # the ranges go to worker processes, as for a file over 16 MB
        monkeypatch.setattr(validate, "PARALLEL_MIN_BYTES", 1)

    path = tmp_path / "events.jsonl"
    path.write_text(json.dumps(R15) + "\n" + json.dumps(R15) + "\n")
    appended = json.dumps({"appended": "by another writer"}) + "\n"

    def append(name):
        with open(name, "a") as handle:
            handle.write(appended)

    _another_writer(monkeypatch, JsonLinesFile, append)
    before = path.read_text()
    result = cli("migrate", "--derive-missing", "--write", path)
    assert result.exit_code == 2
    assert path.read_text() == before + appended, "left as the other writer left it"
    (line,) = [line for line in result.output.splitlines() if "APT998" in line and "changed" in line]
    assert str(path) in line
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".apptlint-tmp")]


def test_a_json_file_rewritten_during_a_migration_is_left_as_the_other_writer_left_it(cli, tmp_path, monkeypatch):
    from apptlint.sources.files import JsonFile

    path = tmp_path / "a.json"
    path.write_text(json.dumps(R15))
    other = json.dumps({**R15, "edited": True})
    _another_writer(monkeypatch, JsonFile, lambda name: open(name, "w").write(other))
    result = cli("migrate", "--derive-missing", "--write", path)
    assert result.exit_code == 2 and "changed" in result.output
    assert path.read_text() == other


def test_a_cassette_rewritten_during_a_migration_is_left_as_the_other_writer_left_it(cli, tmp_path, monkeypatch):
    from apptlint.sources.recorded import RecordedFile

    path = tmp_path / "cassettes" / "c.yaml"
    path.parent.mkdir()
    path.write_text(cassette("{string: " + json.dumps(json.dumps(R15)) + "}"))
    other = path.read_text() + "# re-recorded\n"
    _another_writer(monkeypatch, RecordedFile, lambda name: open(name, "w").write(other))
    result = cli("migrate", "--derive-missing", "--write", path)
    assert result.exit_code == 2 and "changed" in result.output
    assert path.read_text() == other


def _dead_pid() -> int:
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_later_run_removes_the_temp_files_a_killed_run_left(cli, tmp_path):
    (tmp_path / "a.json").write_text(json.dumps(snapshots.example("1.6.0", "AppointmentResponse")))
    killed = tmp_path / f".a.json.{_dead_pid()}.k1ll3d00.apptlint-tmp"
    killed.write_text("{half")
    unowned = tmp_path / ".a.json.x7y8z9w0.apptlint-tmp"  # an older apptlint's name: no pid
    unowned.write_text("{half")
    os.utime(unowned, (0, 0))
    alive = tmp_path / f".a.json.{os.getpid()}.l1v3l1v3.apptlint-tmp"  # a run still writing it
    alive.write_text("{half")
    result = cli("migrate", tmp_path)  # a dry run says where they are, and removes nothing
    assert str(killed) in result.stderr and str(unowned) in result.stderr and str(alive) not in result.stderr
    assert killed.exists() and unowned.exists()
    code, doc = run_json(cli, "migrate", "--write", tmp_path)
    assert not killed.exists() and not unowned.exists() and alive.exists()
    assert doc["summary"]["stale_temp_files_removed"] == 2


def test_temp_files_carry_their_writer_pid(tmp_path):
    from apptlint.core.atomic import temp_beside

    fd, tmp = temp_beside(str(tmp_path / "a.json"))
    os.close(fd)
    assert os.path.basename(tmp).startswith(f".a.json.{os.getpid()}.") and tmp.endswith(".apptlint-tmp")


SLOW_RUN = """
import sys, time
import apptlint.payload.validate as validate

def slow(args):
    time.sleep(120)

validate.PARALLEL_MIN_BYTES = 1
validate._chunk_worker = slow
from apptlint.cli import run
sys.argv = ["apptlint", "validate", sys.argv[1]]
run()
"""


def _children(pid: int) -> list[int]:
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as handle:
            found += [int(child) for child in handle.read().split()]
    return found


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="reads process trees from /proc")
def test_worker_processes_die_with_their_parent(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    path = tmp_path / "events.jsonl"
    path.write_text((json.dumps(R15) + "\n") * 10)
    parent = subprocess.Popen([sys.executable, "-c", SLOW_RUN, str(path)])
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 30
        while not (workers := _children(parent.pid)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert workers, "the run started its workers"
        time.sleep(0.5)  # past their initializer
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while any(map(_running, workers)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(map(_running, workers)), "a worker outlived its parent"
    finally:
        parent.kill()
        for worker in filter(_running, workers):  # only where the test failed: not left behind
            os.kill(worker, signal.SIGKILL)


# ---- 6. personal data in every output ----------------------------------------------------------

CANARIES = {
    "email": "canary.mail@example.com",
    "first_name": "CanaryFirst",
    "last_name": "CanaryLast",
    "phone": "+15550CANARYPHONE",
    "fields": {"shoe_size": "CanaryFieldText", "age": 48151623, "tags": ["CanaryFieldList"], "vip": {"x": 9191919}},
    "metadata": {"note": "CanaryMetaNote", "count": 42424242},
    "nickname": "CanaryUnnamedMember",  # a member the Client schema does not name
}
CANARY_STRINGS = [
    "canary.mail",
    "CanaryFirst",
    "CanaryLast",
    "CANARYPHONE",
    "CanaryFieldText",
    "48151623",
    "CanaryFieldList",
    "9191919",
    "CanaryMetaNote",
    "42424242",
    "CanaryUnnamedMember",
    "CanaryClientData",
    "CanaryStringClient",
    "canary.request",
    "CanaryRequestName",
]


def _canary_payload() -> dict:
    payload = json.loads(json.dumps(R15))
    payload["data"]["client"].update(CANARIES)
    payload["data"]["client_data"] = {**payload["data"]["client_data"], "answer": "CanaryClientData"}
    return payload


@pytest.fixture
def canary_stores(tmp_path):
    """One canary-laden 1.5.0 payload in every store migrate reads; each would be upgraded."""
    import gzip
    import sqlite3

    from tests.test_recorded import JSON, har, har_entry, vcr_cassette

    payload = _canary_payload()
    text = json.dumps(payload)
    root = tmp_path / "project"
    (root / "payloads").mkdir(parents=True)
    (root / "payloads" / "compact.json").write_text(json.dumps(payload, separators=(",", ":")))
    (root / "payloads" / "pretty.json").write_text(json.dumps(payload, indent=2) + "\n")
    string_client = json.dumps({"object": "appointment", "client": "CanaryStringClient"})
    (root / "payloads" / "events.jsonl").write_text("\n".join([string_client, text, string_client, text]) + "\n")
    cassettes = root / "tests" / "cassettes"
    vcr_cassette(
        cassettes / "recorded.yaml",
        [(text, JSON), (gzip.compress(text.encode(), mtime=0), {**JSON, "Content-Encoding": ["gzip"]})],
    )
    edited = vcr_cassette(cassettes / "edited.yaml", [(text, JSON)])
    edited.write_text("# re-recorded by hand\n" + edited.read_text())
    (root / "session.har").write_text(har([har_entry(text)]))
    (cassettes / "posted.yaml").write_text(  # by hand: the request that sent the client's data next to the body
        "# written by hand\ninteractions:\n- response:\n    headers: {Content-Type: [application/json]}\n"
        f"    body: {{string: {json.dumps(text)}}}\n"
        f"  request: {{method: POST, uri: 'https://api.example.test/x', body: {json.dumps(REQUEST_BODY)}}}\n"
        "version: 1\n"
    )
    posted = {**har_entry(text), "request": {"method": "POST", "postData": {"text": REQUEST_BODY}}}
    (root / "posted.har").write_text(har([posted], indent=None))  # one line: the request is on the changed line
    db = tmp_path / "events.db"
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE events (id TEXT PRIMARY KEY, body TEXT)")
        connection.executemany("INSERT INTO events VALUES (?, ?)", [("e1", text), ("e2", string_client)])
    return root, db


REQUEST_BODY = json.dumps({"client": {"email": "canary.request@example.com", "first_name": "CanaryRequestName"}})


FORMATS = ["text", "json", "sarif", "github", "gitlab"]


def _runs(root, db):
    table = ["--db", f"sqlite:///{db}", "--table", "events", "--column", "body", "--key", "id"]
    for fmt in FORMATS:
        shown = ["--output-format", fmt]
        yield ["migrate", "--derive-missing", "--diff", *shown, root]
        yield ["migrate", "--diff", *shown, root]
        yield ["migrate", "--derive-missing", *shown, root]
        yield ["migrate", "--derive-missing", "--diff", *shown, *table]
        yield ["validate", *shown, root]
        yield ["validate", "--detect-version", *shown, root]
        yield ["validate", "--strict", "--max-errors", "50", *shown, root]
        yield ["validate", "--schema", "Appointment", *shown, root]
        yield ["validate", *shown, *table]
    yield ["migrate", "--derive-missing", "--diff", "--statistics", root]
    yield ["validate", "--statistics", root]
    yield ["status", root]
    yield ["status", "--output-format", "json", root]


def test_no_canary_of_personal_data_reaches_any_output(cli, canary_stores, tmp_path):
    root, db = canary_stores
    leaks = {}
    report = tmp_path / "report.out"
    for args in _runs(root, db):
        for to_file in ([], ["--output-file", report]) if args[0] != "status" else ([],):
            result = cli(*args[:1], *to_file, *args[1:])
            assert "internal error" not in result.stderr, (args, result.stderr)
            output = result.stdout + result.stderr + (report.read_text() if to_file else "")
            found = [canary for canary in CANARY_STRINGS if canary in output]
            if found:
                leaks[" ".join(map(str, args[:-1] + to_file[:1]))] = found
    assert leaks == {}


def test_show_values_does_show_them(cli, canary_stores):
    """The canary test can fail: with --show-values the diff holds the values as they are."""
    root, db = canary_stores
    result = cli("migrate", "--derive-missing", "--diff", "--show-values", root)
    assert "canary.mail" in result.stdout and "CanaryUnnamedMember" in result.stdout


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"email": "a@b.c", "id": "x"}', '{"email": "<redacted>", "id": "x"}'),
        (
            '{"client": {"fields": {"n": 5, "l": [1, {"k": true}]}}}',
            '{"client": {"fields": {"n": "<redacted>", "l": ["<redacted>", {"k": "<redacted>"}]}}}',
        ),
        ('{"client": {"nick": "P", "locale": "en"}}', '{"client": {"nick": "<redacted>", "locale": "en"}}'),
        ('{"client": "Pat Doe"}', '{"client": "<redacted>"}'),
        ('{"client": null, "phone": null}', '{"client": null, "phone": null}'),
        ('{"data": {"metadata": {"a": {"b": 1.5e3}}}}\n', '{"data": {"metadata": {"a": {"b": "<redacted>"}}}}\n'),
        ('\ufeff{ "first_name" :\n  "Pat" }', '\ufeff{ "first_name" :\n  "<redacted>" }'),
        (
            '{"object": "appointment", "urls": {"cancel": ["u"]}}',
            '{"object": "appointment", "urls": {"cancel": ["u"]}}',
        ),
    ],
)
def test_redaction_keeps_layout_and_keys_and_hides_every_personal_scalar(text, expected):
    from apptlint.payload.redact import redact_text

    assert redact_text(text) == expected


def test_a_text_that_is_not_json_is_not_shown_at_all():
    from apptlint.payload.redact import redact_personal_data

    assert (
        redact_personal_data(b'{"email": pat@example.com}\n') == b"<not valid JSON: not shown without --show-values>\n"
    )


# ---- recordings of any shape: findings, never a crash --------------------------------------------

BODY_TEXT = json.dumps(R15)
ODD = st.recursive(
    st.none() | st.booleans() | st.integers() | st.sampled_from(["", "x", BODY_TEXT, "[]", "{}"]),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.sampled_from(["a", "string", "text"]), inner),
    max_leaves=4,
)
HEADERS = st.one_of(
    ODD,
    st.just({"Content-Type": ["application/json"]}),
    st.just({"Content-Encoding": ["deflate"], "Content-Length": ["3"]}),
    st.just({"content-type": "application/json", "Content-Length": 5}),
)


def _odd_response():
    body = st.one_of(ODD, st.fixed_dictionaries({"string": st.one_of(ODD, st.binary(max_size=8))}))
    return st.one_of(ODD, st.fixed_dictionaries({"headers": HEADERS, "body": body}))


CASSETTES = st.fixed_dictionaries(
    {"interactions": st.lists(st.one_of(ODD, st.fixed_dictionaries({"response": _odd_response()})), max_size=3)}
)
HAR_CONTENT = st.one_of(
    ODD,
    st.fixed_dictionaries(
        {"text": st.one_of(ODD, st.just(BODY_TEXT)), "mimeType": ODD | st.just("application/json")},
        optional={"encoding": st.sampled_from(["base64", "gzip", None]), "size": ODD},
    ),
)
HARS = st.fixed_dictionaries(
    {
        "log": st.one_of(
            ODD,
            st.fixed_dictionaries(
                {
                    "entries": st.lists(
                        st.one_of(
                            ODD,
                            st.fixed_dictionaries({"response": ODD | st.fixed_dictionaries({"content": HAR_CONTENT})}),
                        ),
                        max_size=3,
                    )
                }
            ),
        )
    }
)


def _no_crash(cli, folder):
    """No internal error, and nothing the last-resort guard had to catch (it would hide a crash as a finding)."""
    for args in (["validate"], ["migrate", "--derive-missing", "--diff"], ["migrate", "--derive-missing", "--write"]):
        result = cli(*args, folder)
        assert "internal error" not in result.output and "apptlint failed on it" not in result.output, result.output


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=CASSETTES)
def test_a_cassette_of_any_shape_is_read_without_crashing(cli, tmp_path_factory, data):
    import yaml

    folder = tmp_path_factory.mktemp("run") / "cassettes"
    folder.mkdir()
    (folder / "c.yaml").write_text(yaml.safe_dump(data))
    _no_crash(cli, folder.parent)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=HARS)
def test_a_har_of_any_shape_is_read_without_crashing(cli, tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("run")
    (folder / "s.har").write_text(json.dumps(data, indent=2))
    _no_crash(cli, folder)


# ---- payloads of any shape: findings, never a crash ---------------------------------------------

PAYLOAD_BASES = [
    snapshots.example("1.5.0", name) for name in ("AppointmentResponse", "Appointment", "PublicAppointment")
]
PAYLOAD_BASES += [snapshots.example("1.5.0", "AppointmentCreatedEventData"), LINKS]
WEIRD = st.sampled_from(
    [None, True, 0, -1, 2**70, 1.5, "", "x", [], {}, [[[]]], {"a": {}}, "\ud800", ["u"], {"cancel": 1}, "client"]
)


@st.composite
def mutated_payloads(draw):
    """An example payload with values swapped for odd ones, members dropped, and kind-telling keys planted."""

    def mutate(value):
        if isinstance(value, dict):
            out = {}
            for key, member in value.items():
                choice = draw(st.integers(0, 9))
                if choice == 0:
                    out[key] = draw(WEIRD)
                elif choice != 1:
                    out[key] = mutate(member)
            if draw(st.booleans()):
                out[draw(st.sampled_from(["object", "urls", "data", "type", "meta", "client"]))] = draw(WEIRD)
            return out
        if isinstance(value, list):
            return [mutate(item) for item in value]
        return value

    return mutate(draw(st.sampled_from(PAYLOAD_BASES)))


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(payload=mutated_payloads(), indent=st.sampled_from([None, 2]))
def test_a_payload_of_any_shape_is_checked_migrated_and_redacted_without_crashing(payload, indent):
    from apptlint.payload.migrate import MigrateOptions, migrate_document
    from apptlint.payload.redact import redact_personal_data
    from apptlint.payload.ruleset import default_ruleset
    from apptlint.payload.validate import Options, Tally, check_item
    from apptlint.sources.base import Item, Location

    data = json.dumps(payload, indent=indent).encode()
    for derive in (False, True):
        migrate_document(data, "p.json", 1, MigrateOptions("1.6.0", derive_missing=derive), [])
    item = Item(Location("p.json", 1, multiline=True), data)
    check_item(item, Options("1.6.0", detect_version=True), default_ruleset(), Tally(), skip_unrecognised=True)
    redact_personal_data(data)
