import pytest
import copy
import json
import os
import signal
import subprocess
import sys
import time

from apptlint import validate_payload
from apptlint.payload import snapshots

A15 = snapshots.example("1.5.0", "Appointment")
A16 = snapshots.example("1.6.0", "Appointment")
P15 = snapshots.example("1.5.0", "PublicAppointment")


def event(obj, n=1):
    return {"id": f"evt_{n}", "type": "appointment.created", "data": {"object": obj}}


def migrate(cli, *args):
    return cli("migrate", *map(str, args))


def test_dry_run_reports_and_writes_nothing(cli, tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"data": P15}, indent=2) + "\n")
    before = path.read_bytes()
    result = migrate(cli, path)
    assert result.exit_code == 1 and "APT204" in result.stdout
    assert path.read_bytes() == before
    result = migrate(cli, "--diff", path)
    assert '+    "cancel_url": "https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/cancel"' in result.stdout
    assert path.read_bytes() == before


def test_write_keeps_indentation_newline_order_and_unknown_fields_then_is_idempotent(cli, tmp_path):
    payload = {"data": {"zz_unknown": {"nested": [1, 2]}, **P15, "aa_extra": True}}
    path = tmp_path / "p.json"
    path.write_text(json.dumps(payload, indent=4) + "\n")
    assert migrate(cli, "--write", path).exit_code == 0
    text = path.read_text()
    assert text.endswith("}\n") and '\n        "cancel_url": ' in text
    migrated = json.loads(text)
    assert list(migrated["data"])[: len(payload["data"])] == list(payload["data"])
    assert migrated["data"]["zz_unknown"] == {"nested": [1, 2]} and migrated["data"]["aa_extra"] is True
    assert validate_payload(migrated) == []
    after = path.read_bytes()
    assert migrate(cli, path).exit_code == 0
    assert migrate(cli, "--write", path).exit_code == 0
    assert path.read_bytes() == after


def test_number_text_survives(cli, tmp_path):
    obj = copy.deepcopy(P15)
    obj["cancellation"]["score"] = 1.0
    line = json.dumps({"data": obj})
    line = line.replace('"score": 1.0', '"score": 1.0, "big": 123456789012345678901234567890, "exp": 1e3')
    path = tmp_path / "n.jsonl"
    path.write_text(line + "\n")
    assert migrate(cli, "--write", path).exit_code == 0
    text = path.read_text()
    assert '"score": 1.0, "big": 123456789012345678901234567890, "exp": 1e3' in text
    assert text.startswith(line[:-2]) and text.endswith("}}\n")
    assert '"cancel_url": "https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/cancel"' in text


def test_json_lines_untouched_and_malformed_lines_stay_byte_identical(cli, tmp_path):
    lines = [
        json.dumps(event(A16, 1)).encode() + b"\n",
        b'{"broken": \n',
        json.dumps(event(A15, 3)).encode() + b"\r\n",
        b"\n",
        json.dumps({"data": P15}, separators=(",", ":")).encode() + b"\n",
        json.dumps({"object": "provider", "weird": 1}).encode() + b"\n",
    ]
    path = tmp_path / "events.jsonl"
    path.write_bytes(b"".join(lines))
    result = migrate(cli, "--write", "--derive-missing", "--output-format", "json", path)
    doc = json.loads(result.stdout)
    assert [(f["line"], f["code"]) for f in doc["findings"]] == [(2, "APT205")]
    new_lines = path.read_bytes().splitlines(keepends=True)
    assert len(new_lines) == len(lines)
    for index in (0, 1, 3, 5):
        assert new_lines[index] == lines[index]
    assert new_lines[2].endswith(b"\r\n") and new_lines[2] != lines[2]
    assert new_lines[4].startswith(lines[4][:-3]) and b'"cancel_url":"https://' in new_lines[4]
    for index in (2, 4):
        assert validate_payload(json.loads(new_lines[index])) == []


def test_no_guessing_without_derive_missing(cli, tmp_path):
    path = tmp_path / "e.jsonl"
    path.write_text(json.dumps(event(A15)) + "\n")
    before = path.read_bytes()
    result = migrate(cli, "--write", path)
    assert result.exit_code == 1
    assert (
        "APT301" in result.stdout and "appt_a1b2c3d4e5f6" in result.stdout and "urls.add_to_calendar" in result.stdout
    )
    assert path.read_bytes() == before
    result = migrate(cli, "--derive-missing", path)
    assert "APT302" in result.stdout and "derived" in result.stdout


def test_derive_refuses_when_siblings_disagree(cli, tmp_path):
    obj = copy.deepcopy(A15)
    obj["urls"]["ics"] = ["https://other.example/c/appointments/appt_a1b2c3d4e5f6/ics"]
    path = tmp_path / "e.jsonl"
    path.write_text(json.dumps(event(obj)) + "\n")
    result = migrate(cli, "--derive-missing", "--write", path)
    assert result.exit_code == 1 and "APT301" in result.stdout
    assert "add_to_calendar" not in path.read_text()


def test_already_current_payloads_are_untouched(cli, tmp_path):
    path = tmp_path / "e.jsonl"
    path.write_text(json.dumps(event(A16)) + "\n")
    mtime = os.stat(path).st_mtime_ns
    assert migrate(cli, "--write", path).exit_code == 0
    assert os.stat(path).st_mtime_ns == mtime


def test_permissions_and_backup(cli, tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"data": P15}))
    original = path.read_bytes()
    os.chmod(path, 0o600)
    assert migrate(cli, "--write", "--backup", path).exit_code == 0
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert (tmp_path / "p.json.bak").read_bytes() == original
    jl = tmp_path / "e.jsonl"
    jl.write_text(json.dumps({"data": P15}) + "\n")
    os.chmod(jl, 0o640)
    assert migrate(cli, "--write", jl).exit_code == 0
    assert os.stat(jl).st_mode & 0o777 == 0o640
    assert not [p for p in os.listdir(tmp_path) if "apptlint-tmp" in p]


def test_migrated_generated_corpus_validates(cli, tmp_path):
    path = tmp_path / "corpus.jsonl"
    with path.open("w") as handle:
        for n in range(300):
            obj = copy.deepcopy([A15, P15, A16][n % 3])
            obj["id"] = f"appt_{n:012d}"
            for key, urls in obj["urls"].items():
                obj["urls"][key] = [u.replace("appt_a1b2c3d4e5f6", obj["id"]) for u in urls]
            for key in [k for k in obj if k.endswith("_url")]:
                obj[key] = obj[key].replace("appt_a1b2c3d4e5f6", obj["id"])
            handle.write(json.dumps(event(obj, n) if n % 2 else {"data": obj}, indent=None) + "\n")
    assert migrate(cli, "--write", "--derive-missing", path).exit_code == 0
    for line in path.read_text().splitlines():
        assert validate_payload(json.loads(line)) == []


@pytest.mark.slow
def test_killed_run_leaves_file_wholly_old_or_wholly_new(tmp_path):
    source = tmp_path / "src.jsonl"
    with source.open("w") as handle:
        for n in range(6000):
            handle.write(json.dumps({"data": P15, "n": n}) + "\n")
    original = source.read_bytes()
    reference = tmp_path / "ref.jsonl"
    reference.write_bytes(original)
    subprocess.run([sys.executable, "-m", "apptlint.cli", "migrate", "--write", str(reference)], check=False)
    migrated = reference.read_bytes()
    assert migrated != original
    outcomes = set()
    for delay in (0.3, 0.6, 0.9, 1.5):
        target = tmp_path / f"t{delay}.jsonl"
        target.write_bytes(original)
        child = subprocess.Popen(
            [sys.executable, "-m", "apptlint.cli", "migrate", "--write", str(target)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        data = target.read_bytes()
        assert data in (original, migrated)
        outcomes.add(data == migrated)
    assert False in outcomes, "no kill landed mid-run; make the corpus bigger"


def test_parallel_and_serial_migrations_write_the_same_bytes_and_findings(tmp_path, monkeypatch):
    from apptlint.core.config import Settings
    from apptlint.payload import migrate as migrate_files
    from apptlint.payload import validate as validate_files

    lines = []
    for n in range(1, 2001):
        if n % 401 == 0:
            lines.append(b'{"id": "broken", "data": {"object": \n')  # malformed: reported, left as it is
        elif n % 333 == 0:
            lines.append(b"\r\n")  # blank, with a CRLF
        else:
            appt = A15 if n % 3 else snapshots.example("1.6.0", "Appointment")
            text = json.dumps(event(appt, n), separators=(",", ":") if n % 2 else (", ", ": "))
            lines.append(text.encode() + (b"\r\n" if n % 7 == 0 else b"\n"))
    original = b"".join(lines)
    serial_path, parallel_path = tmp_path / "serial.jsonl", tmp_path / "parallel.jsonl"
    serial_path.write_bytes(original)
    parallel_path.write_bytes(original)
    options = migrate_files.MigrateOptions("1.6.0", write=True, derive_missing=True)
    serial, _ = migrate_files.migrate_paths([str(serial_path)], Settings(), options)
    monkeypatch.setattr(validate_files, "PARALLEL_MIN_BYTES", 1)
    monkeypatch.setattr(migrate_files, "CHUNK_BYTES", 64 * 1024)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    ran = []
    real = migrate_files._migrate_in_parallel
    monkeypatch.setattr(migrate_files, "_migrate_in_parallel", lambda *a: ran.append(a) or real(*a))
    parallel, _ = migrate_files.migrate_paths([str(parallel_path)], Settings(), options)
    assert ran, "the worker pool was not used"
    assert parallel_path.read_bytes() == serial_path.read_bytes() != original
    key = lambda r: sorted((f.line, f.code, f.message) for f in r.findings)  # noqa: E731
    assert key(parallel) == key(serial) and [line for line, code, _ in key(serial) if code == "APT205"] == [
        401,
        802,
        1203,
        1604,
    ]
    assert parallel.fixed == serial.fixed > 1000 and parallel.payloads == serial.payloads
    assert parallel.extra["payloads_changed"] == serial.extra["payloads_changed"]
