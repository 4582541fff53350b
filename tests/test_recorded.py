"""Recorded HTTP fixtures: VCR.py cassettes and HAR files, validated and migrated in place."""

from __future__ import annotations

import base64
import gzip
import json

import pytest
import yaml

from apptlint.payload import snapshots

R15 = snapshots.example("1.5.0", "AppointmentResponse")
R16 = snapshots.example("1.6.0", "AppointmentResponse")


def vcr_cassette(path, bodies):
    """A cassette as vcrpy itself writes it: its own serializer, one GET per body."""
    import vcr.serialize
    from vcr.request import Request
    from vcr.serializers import yamlserializer

    requests, responses = [], []
    for n, (body, headers) in enumerate(bodies):
        requests.append(Request("GET", f"https://api.example.test/v1/appointments/{n}", None, {}))
        length = len(body) if isinstance(body, bytes) else len(body.encode())
        responses.append(
            {
                "status": {"code": 200, "message": "OK"},
                "headers": {"Content-Length": [str(length)], **headers},
                "body": {"string": body},
            }
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(vcr.serialize.serialize({"requests": requests, "responses": responses}, yamlserializer))
    return path


def replayed(path):
    """The response bodies vcrpy plays back from the cassette (decompressed as a client would)."""
    import vcr.serialize
    from vcr.serializers import yamlserializer

    _, responses = vcr.serialize.deserialize(path.read_text(), yamlserializer)
    bodies = []
    for response in responses:
        body = response["body"]["string"]
        if isinstance(body, bytes) and body.startswith(b"\x1f\x8b"):
            body = gzip.decompress(body)
        length = int(response["headers"]["Content-Length"][0])
        sent = response["body"]["string"]
        assert length == len(sent if isinstance(sent, bytes) else sent.encode()), "Content-Length follows the body"
        bodies.append(json.loads(body) if body[:1] in ("{", b"{") else body)
    return bodies


JSON = {"Content-Type": ["application/json"]}


def test_a_vcr_cassette_is_validated_migrated_and_replays(cli, tmp_path):
    compressed = gzip.compress(json.dumps(R15).encode(), mtime=0)
    cassette = vcr_cassette(
        tmp_path / "tests" / "cassettes" / "appointments.yaml",
        [
            (json.dumps(R15), JSON),
            (json.dumps(R16), JSON),
            ("<html>not this API</html>", {"Content-Type": ["text/html"]}),
            (compressed, {**JSON, "Content-Encoding": ["gzip"]}),
            (json.dumps({"data": [{"id": 1}], "links": {}}), JSON),  # another API's JSON: not reported
        ],
    )
    before = cassette.read_text()
    result = cli("validate", "--output-format", "json", tmp_path)
    found = json.loads(result.stdout)["findings"]
    assert [(f["code"], f["line"], f["message"].split(":")[0]) for f in found] == [
        ("APT204", 9, "interaction 0 body"),
        ("APT204", 120, "interaction 3 body"),
    ] or [(f["code"], f["message"].split(":")[0]) for f in found] == [
        ("APT204", "interaction 0 body"),
        ("APT204", "interaction 3 body"),
    ]
    assert cli("migrate", "--derive-missing", "--write", tmp_path).exit_code == 0
    bodies = replayed(cassette)
    assert bodies[0]["data"]["cancel_url"] == R15["data"]["urls"]["cancel"][0]
    import urllib.request

    import vcr

    with vcr.VCR(record_mode="none").use_cassette(str(cassette)):  # a real client, served from the cassette
        with urllib.request.urlopen("https://api.example.test/v1/appointments/0") as response:
            served = response.read()
    assert json.loads(served)["data"]["cancel_url"] == R15["data"]["urls"]["cancel"][0]
    assert bodies[3]["data"]["cancel_url"] == R15["data"]["urls"]["cancel"][0]
    assert bodies[1] == R16 and bodies[2] == b"<html>not this API</html>" or bodies[2] == "<html>not this API</html>"
    old, new = yaml.safe_load(before), yaml.safe_load(cassette.read_text())
    for interaction in (0, 3):  # only the bodies and their lengths changed
        for data in (old, new):
            data["interactions"][interaction]["response"]["body"] = None
            data["interactions"][interaction]["response"]["headers"]["Content-Length"] = None
    assert old == new
    assert cli("validate", tmp_path).exit_code == 0
    again = cassette.read_text()
    assert cli("migrate", "--derive-missing", "--write", tmp_path).exit_code == 0
    assert cassette.read_text() == again


def test_a_hand_edited_cassette_is_spliced_and_keeps_every_other_byte(cli, tmp_path):
    cassette = vcr_cassette(tmp_path / "cassettes" / "one.yaml", [(json.dumps(R15), JSON)])
    edited = "# recorded against the sandbox, 2025-03\n" + cassette.read_text().replace(
        "version: 1", "version: 1  # vcr"
    )
    cassette.write_text(edited)
    assert cli("migrate", "--derive-missing", "--write", cassette).exit_code == 0
    text = cassette.read_text()
    assert text.startswith("# recorded against the sandbox, 2025-03\n") and "version: 1  # vcr" in text
    (body,) = replayed(cassette)
    assert body["data"]["join_url"] == R15["data"]["urls"]["join"][0]
    # Byte for byte outside the body scalar and the Content-Length value: put the new ones into the old text.
    old_body, new_body = _body_node(edited), _body_node(text)
    old_length = str(len(json.dumps(R15)))
    new_length = str(len(body_text := json.loads(new_body.value) and new_body.value))
    assert len(body_text.encode()) == int(new_length)
    rebuilt = edited[: old_body.start_mark.index] + text[new_body.start_mark.index : new_body.end_mark.index]
    rebuilt += edited[old_body.end_mark.index :].replace(f"'{old_length}'", f"'{new_length}'", 1)
    assert rebuilt == text


def _body_node(text):
    root = yaml.compose(text)
    (interaction,) = dict((k.value, v) for k, v in root.value)["interactions"].value
    response = dict((k.value, v) for k, v in interaction.value)["response"]
    body = dict((k.value, v) for k, v in response.value)["body"]
    return dict((k.value, v) for k, v in body.value)["string"]


def har(entries, indent=2):
    return json.dumps({"log": {"version": "1.2", "creator": {"name": "t"}, "entries": entries}}, indent=indent)


def har_entry(text, mime="application/json", encoding=None):
    content = {"size": len(text), "mimeType": mime, "text": text}
    if encoding:
        content["encoding"] = encoding
    return {
        "request": {"method": "GET", "url": "https://api.example.test/x"},
        "response": {"status": 200, "content": content},
    }


@pytest.mark.parametrize("indent", [2, None])
def test_a_har_file_is_validated_and_migrated_in_its_encoding(cli, tmp_path, indent):
    path = tmp_path / "session.har"
    encoded = base64.b64encode(json.dumps(R15).encode()).decode()
    path.write_text(
        har(
            [har_entry(json.dumps(R15)), har_entry(encoded, encoding="base64"), har_entry("<p>hi</p>", "text/html")],
            indent,
        )
    )
    found = json.loads(cli("validate", "--output-format", "json", path).stdout)["findings"]
    assert [(f["code"], f["message"].split(":")[0]) for f in found] == [
        ("APT204", "entry 0 body"),
        ("APT204", "entry 1 body"),
    ]
    assert cli("migrate", "--derive-missing", "--write", path).exit_code == 0
    data = json.loads(path.read_text())
    first, second, third = (e["response"]["content"] for e in data["log"]["entries"])
    assert json.loads(first["text"])["data"]["cancel_url"] and first["size"] == len(first["text"])
    assert second["encoding"] == "base64" and json.loads(base64.b64decode(second["text"]))["data"]["ics_url"]
    assert third["text"] == "<p>hi</p>"
    assert cli("validate", path).exit_code == 0


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("cassettes/broken.yaml", "interactions:\n- request: {uri: x\n  response: [\n", "not a readable cassette"),
        ("cassettes/empty.yaml", "version: 1\n", "no `interactions` list"),
        (
            "truncated.har",
            '{"log": {"entries": [{"response": {"content": {"text": "{\\"a\\"',
            "not a readable HAR file",
        ),
    ],
)
def test_bad_recordings_are_reported_with_their_place_and_left_alone(cli, tmp_path, name, text, expected):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    good = tmp_path / "cassettes" / "good.yaml"
    vcr_cassette(good, [(json.dumps(R15), JSON)])
    result = cli("validate", "--output-format", "json", tmp_path)
    found = json.loads(result.stdout)["findings"]
    bad = [f for f in found if f["path"].endswith(name)]
    assert len(bad) == 1 and bad[0]["code"] == "APT205" and expected in bad[0]["message"] and bad[0]["line"]
    assert any(f["path"].endswith("good.yaml") for f in found), "the run goes on"
    cli("migrate", "--derive-missing", "--write", tmp_path)
    assert path.read_text() == text


def test_a_json_body_that_is_not_json_is_reported(cli, tmp_path):
    cassette = vcr_cassette(tmp_path / "cassettes" / "c.yaml", [('{"data": {"id": ', JSON)])
    found = json.loads(cli("validate", "--output-format", "json", cassette).stdout)["findings"]
    assert [(f["code"], f["message"].split(":")[0]) for f in found] == [("APT205", "interaction 0 body")]


def test_walks_pick_recordings_by_cassette_globs(cli, tmp_path):
    vcr_cassette(tmp_path / "tests" / "cassettes" / "a.yaml", [(json.dumps(R15), JSON)])
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "ci.yml").write_text("on: push\n")
    (tmp_path / "docker-compose.yaml").write_text("services: {}\n")
    result = json.loads(cli("validate", "--output-format", "json", tmp_path).stdout)
    assert {f["path"].rsplit("/", 1)[-1] for f in result["findings"]} == {"a.yaml"}
    assert result["summary"]["files"] == 1


def test_block_scalar_bodies_and_empty_bodies(cli, tmp_path):
    cassette = tmp_path / "cassettes" / "block.yaml"
    cassette.parent.mkdir(parents=True)
    body = json.dumps(R15, indent=2)
    indented = "\n".join("        " + line for line in body.splitlines())
    cassette.write_text(
        "interactions:\n- request: {uri: 'https://api.example.test/x', method: GET, body: null, headers: {}}\n"
        "  response:\n    body:\n      string: |\n" + indented + "\n"
        "    headers: {Content-Type: [application/json]}\n    status: {code: 200, message: OK}\n"
        "- request: {uri: 'https://api.example.test/y', method: DELETE, body: null, headers: {}}\n"
        "  response:\n    body: {string: ''}\n    headers: {Content-Type: [application/json]}\n"
        "    status: {code: 204, message: No Content}\nversion: 1\n"
    )
    before = cassette.read_text()
    found = json.loads(cli("validate", "--output-format", "json", cassette).stdout)["findings"]
    assert [f["code"] for f in found] == ["APT204"]  # the 204's empty body is no payload
    result = cli("migrate", "--derive-missing", "--write", cassette)
    assert result.exit_code == 2 and "APT998" in result.stdout and "cannot rewrite it exactly" in result.stdout
    assert "Traceback" not in result.output
    assert cassette.read_text() == before


def test_har_headers_and_body_size_follow_the_new_body(cli, tmp_path):
    text = json.dumps(R15)
    entry = har_entry(text)
    entry["response"]["bodySize"] = len(text)
    entry["response"]["headers"] = [{"name": "Content-Length", "value": str(len(text))}]
    path = tmp_path / "s.har"
    path.write_text(har([entry], indent=None) + "\n")
    assert cli("migrate", "--derive-missing", "--write", path).exit_code == 0
    response = json.loads(path.read_text())["log"]["entries"][0]["response"]
    length = len(response["content"]["text"])
    assert response["bodySize"] == length == response["content"]["size"]
    assert response["headers"] == [{"name": "Content-Length", "value": str(length)}]
