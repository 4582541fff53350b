import copy
import json
from importlib import resources
import pickle
from concurrent.futures import ProcessPoolExecutor


from apptlint import validate_payload
from apptlint.payload import snapshots
from apptlint.payload import validate as validate_files
from apptlint.payload.validation import validator

A16 = snapshots.example("1.6.0", "Appointment")
A15 = snapshots.example("1.5.0", "Appointment")


def event(obj, type_="appointment.created", n=1):
    return {"id": f"evt_{n}", "type": type_, "created_at": "2025-03-12T12:34:55Z", "data": {"object": obj}}


def codes(findings):
    return [f.code for f in findings]


def run_json(cli, *args):
    result = cli("validate", "--output-format", "json", *args)
    return result.exit_code, json.loads(result.stdout)


def test_examples_are_clean(cli):
    for version in snapshots.versions():
        folder = str(resources.files("apptlint.schemas") / version / "examples")
        result = cli("validate", "--schema-version", version, folder)
        assert result.exit_code == 0, result.output


def test_format_checks_are_real():
    bad_uri = copy.deepcopy(A16)
    bad_uri["cancel_url"] = "not a uri"
    assert [(f.code, f.pointer) for f in validate_payload(bad_uri)] == [("APT201", "/cancel_url")]
    bad_time = copy.deepcopy(A16)
    bad_time["created_at"] = "2025-02-30 25:00"
    assert [(f.code, f.pointer) for f in validate_payload(bad_time)] == [("APT201", "/created_at")]


def test_old_shape_is_reported_as_migratable_and_detected():
    assert codes(validate_payload(A15)) == ["APT204"]
    assert validate_payload(A15, version="1.5.0") == []


def test_flat_and_nested_urls_must_agree():
    payload = copy.deepcopy(A16)
    payload["urls"]["cancel"] = ["https://elsewhere.example/c/appointments/appt_a1b2c3d4e5f6/cancel"]
    findings = validate_payload(event(payload))
    assert [(f.code, f.pointer) for f in findings] == [("APT203", "/data/object/urls/cancel/0")]


def test_unrecognised_payload_is_reported_not_passed():
    assert codes(validate_payload({"hello": "world"})) == ["APT202"]
    assert codes(validate_payload([1, 2])) == ["APT202"]
    assert codes(validate_payload({"hello": "world"}, schema="ZonedDateTime")) == []


def test_list_envelope_items_are_checked_one_by_one():
    bad = copy.deepcopy(A16)
    bad["id"] = 5
    payload = {"data": [A16, bad], "meta": {"current_page": 1, "page_size": 2, "total_count": 2, "total_pages": 1}}
    assert [(f.code, f.pointer) for f in validate_payload(payload)] == [("APT201", "/data/1/id")]


def test_any_of_shows_the_best_match_only():
    links = copy.deepcopy(snapshots.example("1.6.0", "BookingLinksResponse"))
    links["data"][0]["client"] = {**snapshots.example("1.6.0", "Appointment")["client"], "id": "bad"}
    findings = validate_payload(links)
    assert [(f.code, f.pointer) for f in findings] == [("APT201", "/data/0/client/id")]
    assert "pattern" in findings[0].message


def test_personal_data_values_stay_out_of_messages():
    payload = copy.deepcopy(A16)
    payload["client"]["email"] = "secret-person-at-example"
    payload["client"]["phone"] = 5551234
    messages = " ".join(f.message for f in validate_payload(payload))
    assert "secret-person" not in messages and "5551234" not in messages
    shown = " ".join(f.message for f in validate_payload(payload, show_values=True))
    assert "secret-person" in shown and "5551234" in shown


def test_rust_and_reference_engines_agree_on_every_fixture():
    fixtures = []
    for version in snapshots.versions():
        for name in snapshots.example_names(version):
            fixtures.append((name, snapshots.example(version, name)))
    mutations = [
        ("cancel_url", "not a uri"),
        ("created_at", "yesterday"),
        ("id", 7),
        ("meeting", None),
        ("appointment_type", "phone"),
        ("urls", {}),
        ("end_at", {"unix_ts": "x"}),
    ]
    for key, value in mutations:
        fixtures.append(("Appointment", {**A16, key: value}))
        fixtures.append(("AppointmentCreatedEventData", {"object": {**A16, key: value}}))
    links = snapshots.example("1.6.0", "BookingLinksResponse")
    for key, value in [("max_uses", 0), ("status", "gone"), ("url", "::"), ("expires_at", None), ("id", "bl_short")]:
        fixtures.append(("BookingLinksResponse", {**links, "data": [{**links["data"][0], key: value}]}))
    disagreements = []
    for version in snapshots.versions():
        for name, value in fixtures:
            v = validator(version, name)
            assert v.fast is not None, "jsonschema-rs is expected in the test environment"
            if v.fast.is_valid(value) != v.reference.is_valid(value):
                disagreements.append((version, name, value))
    assert disagreements == []
    verdicts = {validator("1.6.0", n).reference.is_valid(v) for n, v in fixtures}
    assert verdicts == {True, False}


def test_validate_payload_is_picklable_and_runs_in_another_process():
    assert pickle.loads(pickle.dumps(validate_payload)) is validate_payload
    with ProcessPoolExecutor(max_workers=1) as pool:
        results = list(pool.map(validate_payload, [A16, A15]))
    assert [codes(r) for r in results] == [[], ["APT204"]]
    pickle.dumps(results)


BAD_INPUTS = {
    "malformed.jsonl": (b'{"object": "client"\n', 1, "APT205"),
    "empty.json": (b"", 1, "APT205"),
    "bom.json": (
        b"\xef\xbb\xbf" + json.dumps(snapshots.example("1.6.0", "BookingLinksResponse")).encode(),
        1,
        "APT205",
    ),
    "latin1.jsonl": (b'{"name": "caf\xe9"}\n', 1, "APT205"),
    "truncated.jsonl": (json.dumps(event(A16)).encode() + b'\n{"id": "evt_2", "data": {"obj', 2, "APT205"),
    "deep.jsonl": (b"[" * 100000 + b"]" * 100000 + b"\n", 1, "APT205"),
    "bigint.jsonl": (b'{"object": "provider", "n": 123456789012345678901234567890}\n', 1, "APT207"),
    "nan.jsonl": (b'{"object": "provider", "n": NaN}\n', 1, "APT207"),
    "dupes.jsonl": (b"\n" + json.dumps(event(A16)).encode()[:-1] + b', "id": "evt_9"}\n', 2, "APT206"),
}


def test_bad_input_is_reported_with_path_and_line_and_the_run_goes_on(cli, tmp_path):
    for name, (data, _, _) in BAD_INPUTS.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "good.json").write_text(json.dumps(snapshots.example("1.6.0", "AppointmentResponse")))
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    code, doc = run_json(cli, str(tmp_path))
    assert code == 1
    for name, (_, line, expected) in BAD_INPUTS.items():
        hits = [f for f in doc["findings"] if f["path"].endswith(name)]
        assert (line, expected) in [(f["line"], f["code"]) for f in hits], (name, hits)
    assert not [f for f in doc["findings"] if f["path"].endswith("good.json")]
    assert doc["summary"]["files"] == len(BAD_INPUTS) + 1
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before, "validate must never write"


def test_truncated_final_line_says_so(cli, tmp_path):
    path = tmp_path / "cut.jsonl"
    path.write_bytes(json.dumps(event(A16)).encode() + b'\n{"id": "evt_2"')
    code, doc = run_json(cli, str(path))
    assert [(f["line"], f["code"]) for f in doc["findings"]] == [(2, "APT205")]
    assert "truncated final line" in doc["findings"][0]["message"]


def test_json_output_shape_and_pointer_lines_for_pretty_json(cli, tmp_path):
    links = copy.deepcopy(snapshots.example("1.6.0", "BookingLinksResponse"))
    links["data"][0]["providers"][0]["id"] = "prov_x"
    path = tmp_path / "links.json"
    path.write_text(json.dumps(links, indent=2))
    code, doc = run_json(cli, str(path))
    assert code == 1
    assert set(doc) == {"version", "findings", "summary"}
    (finding,) = doc["findings"]
    assert set(finding) == {
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "code",
        "message",
        "fixable",
        "pointer",
        "schema_version",
    }
    assert finding["pointer"] == "/data/0/providers/0/id"
    assert finding["schema_version"] == "1.6.0"
    expected_line = next(i for i, l in enumerate(path.read_text().splitlines(), 1) if '"prov_x"' in l)
    assert finding["line"] == expected_line


def test_detect_version_reports_per_payload_and_summary(cli, tmp_path):
    path = tmp_path / "events.jsonl"
    lines = [event(A16, n=1), event(A16, n=2), event(A15, n=3), {"object": "provider", "id": 1}]
    path.write_text("".join(json.dumps(l) + "\n" for l in lines))
    result = cli("validate", "--detect-version", str(path))
    assert result.exit_code == 1
    assert f"{path}:3: AppointmentCreatedEventData valid under 1.5.0" in result.stdout
    assert (
        "2 valid under 1.6.0; 1 valid only under 1.5.0 (APT204 says which `apptlint migrate` can upgrade); "
        "1 valid under none" in result.stderr
    )


def test_stdin_and_schema_option(cli):
    result = cli("validate", "-", input=json.dumps(A16))
    assert result.exit_code == 0, result.output
    result = cli("validate", "--schema", "PublicAppointment", "-", input=json.dumps(A16))
    assert result.exit_code == 1
    assert cli("validate", "--schema", "Nope", "-", input="{}").exit_code == 2


def test_missing_path_is_an_error_exit_2(cli, tmp_path):
    result = cli("validate", str(tmp_path / "missing.jsonl"))
    assert result.exit_code == 2
    assert "APT998" in result.stdout


def test_parallel_and_serial_runs_agree(tmp_path, monkeypatch):
    path = tmp_path / "big.jsonl"
    bad = copy.deepcopy(A16)
    bad["join_url"] = "nope"
    with path.open("w") as handle:
        for n in range(1, 3001):
            handle.write(json.dumps(event(bad if n % 500 == 0 else A15 if n % 777 == 0 else A16, n=n)) + "\n")
    options = validate_files.Options("1.6.0")
    from apptlint.core.config import Settings

    serial, _ = validate_files.validate_paths([str(path)], Settings(), options, jobs=1)
    monkeypatch.setattr(validate_files, "PARALLEL_MIN_BYTES", 1)
    monkeypatch.setattr(validate_files, "CHUNK_BYTES", 64 * 1024)
    parallel, _ = validate_files.validate_paths([str(path)], Settings(), options, jobs=2)
    key = lambda r: sorted((f.line, f.code, f.pointer) for f in r.findings)
    assert key(serial) == key(parallel)
    assert [l for l, _, _ in key(serial)] == [500, 777, 1000, 1500, 1554, 2000, 2331, 2500, 3000]
    assert serial.payloads == parallel.payloads == 3000


def test_long_digit_runs_inside_strings_are_not_big_integers():
    from apptlint.payload.jsonparse import parse

    assert parse(b'{"phone": "12345678901234567890123", "hash": "a1234567890123456789012b"}').problems == []
    assert [p.code for p in parse(b'{"n": [1,\n -123456789012345678901]}').problems] == ["APT207"]


def _only_missing_reference(value, name, version):
    """The definition: every failure is a missing required property that `apptlint migrate` adds."""
    from apptlint.payload.validation import migration_fields

    errors = list(validator(version, name).reference.iter_errors(value))
    return bool(errors) and all(
        e.validator == "required"
        and isinstance(e.instance, dict)
        and {p for p in e.validator_value if p not in e.instance} <= migration_fields(version)
        for e in errors
    )


def test_migratable_check_agrees_with_listing_every_error():
    from apptlint.payload.validation import only_missing_migration_fields

    old_appt = snapshots.example("1.5.0", "Appointment")
    old_public = snapshots.example("1.5.0", "PublicAppointment")
    cases = []
    for version in snapshots.versions():
        for name in snapshots.example_names(version):
            cases.append((name, snapshots.example(version, name)))
    for appt, name in ((old_appt, "Appointment"), (A16, "Appointment"), (old_public, "PublicAppointment")):
        partial = {k: v for k, v in appt.items() if k != "cancel_url"}
        no_key = {**appt, "urls": {k: v for k, v in appt["urls"].items() if k != "ics"}}
        no_google = {**appt, "urls": {k: v for k, v in appt["urls"].items() if k != "add_to_google_calendar"}}
        broken = {**appt, "created_at": "yesterday"}
        for variant in (appt, partial, no_key, no_google, broken, {k: v for k, v in appt.items() if k != "urls"}):
            cases += [
                (name, variant),
                ("AppointmentCreatedEventData", {"object": variant}),
                ("AppointmentResponse", {"data": variant}),
            ]
    seen = set()
    for name, value in cases:
        if name not in snapshots.schemas("1.6.0"):
            continue
        check = validator("1.6.0", name)
        expected = _only_missing_reference(value, name, "1.6.0")
        assert only_missing_migration_fields(value, name, "1.6.0", check) == expected, (name, value)
        seen.add(expected)
    assert seen == {True, False}


def test_text_output_streams_findings_in_report_order(cli, tmp_path):
    """Text and github output print findings as they are found; the order and counts match the JSON report."""
    bad = {**A16, "cancel_url": "not a uri", "id": 5}
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "one.json").write_text(json.dumps({"data": bad}, indent=2))
    (tmp_path / "a.jsonl").write_text(
        "\n".join(json.dumps(event(x, n=i)) for i, x in enumerate([A16, bad, A15, {"x": 1}, bad])) + "\n{oops\n"
    )
    (tmp_path / "c.jsonl").write_text("")
    code, report = run_json(cli, str(tmp_path))
    text = cli("validate", str(tmp_path))
    github = cli("validate", "--output-format", "github", str(tmp_path))
    assert code == text.exit_code == github.exit_code == 1
    lines = text.stdout.splitlines()
    assert len(lines) == len(report["findings"]) == report["summary"]["findings"] >= 8
    assert [line.split(": ", 2)[1].split()[0] for line in lines] == [f["code"] for f in report["findings"]]
    assert [line.split(":")[0] for line in lines] == [f["path"] for f in report["findings"]]
    assert len(github.stdout.splitlines()) == len(lines)
    assert str(report["summary"]["findings"]) in text.stderr


def test_round_trip_screens_catch_what_orjson_drops_in_compact_and_spaced_json():
    """The fast paths accept a line only when re-serialising it gives the same text (blanks aside)."""
    from apptlint.payload.jsonparse import parse

    cases = {
        b'{"a":1,"a":2}': ["APT206"],
        b'{"a": 1, "a": 2}': ["APT206"],
        b'{"a": {"b": 1, "b": 1}}': ["APT206"],
        b'{"n":18446744073709551616}': ["APT207"],
        b'{"n": -9223372036854775809}': ["APT207"],
        b'{"a b": 1, "ab": 2}\n': [],
        b'{"a": [1, 2.5, null, true], "s": "x y"}\r\n': [],
        b'{"e": 1e2}': [],
    }
    for line, expected in cases.items():
        parsed = parse(line)
        assert parsed.ok and [p.code for p in parsed.problems] == expected, line


def test_detect_version_reports_each_payloads_shape(cli, tmp_path):
    partly = {k: v for k, v in A16.items() if k != "join_url"}
    disagreeing = {**A16, "cancel_url": A16["cancel_url"] + "?again"}
    newer = {**A16, "waitlist_url": "https://example.com/w", "client": {**A16["client"], "pronouns": "they"}}
    lines = [
        event(A15, n=1),
        event(A16, n=2),
        event(partly, n=3),
        event(disagreeing, n=4),
        {"data": [A16, A15], "meta": {}},
        event(newer, n=6),
        {"object": "provider", "id": 1},
    ]
    path = tmp_path / "events.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    exit_code, report = run_json(cli, "--detect-version", str(path))
    detected = report["summary"]["detected"]
    assert [d["shape"] for d in detected] == [
        "1.5.0-shaped",
        "1.6.0-shaped",
        "mixed",
        "mixed",
        detected[4]["shape"],
        "unknown-newer",
        None,
    ]
    assert detected[2]["mixed_because"] == ["/data/object: lacks `join_url`"]
    assert detected[3]["mixed_because"] == ["/data/object: `cancel_url` is not `urls.cancel[0]`"]
    assert detected[5]["unknown_members"] == ["/data/object/client/pronouns", "/data/object/waitlist_url"]
    assert report["summary"]["detected_shapes"] == {
        "1.5.0-shaped": 1,
        "1.6.0-shaped": 1,
        "mixed": 2 + (detected[4]["shape"] == "mixed"),
        "unknown-newer": 1,
        "unknown": 1,
    } | ({} if detected[4]["shape"] == "mixed" else {detected[4]["shape"]: 1})
    assert {f["shape"] for f in report["findings"] if f["line"] == 3} == {"mixed"}
    text = cli("validate", "--detect-version", str(path))
    assert (
        f"{path}:6: AppointmentCreatedEventData valid under 1.5.0, 1.6.0 (unknown-newer: /data/object/client/pronouns"
        in (text.stdout)
    )
    assert "shapes: " in text.stderr and " mixed" in text.stderr


def test_shape_is_left_out_of_json_findings_without_detect_version(cli, tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(A15))
    _, report = run_json(cli, str(path))
    assert report["findings"] and all("shape" not in f for f in report["findings"])
