"""Recorded HTTP fixtures: VCR.py / pytest-recording cassettes (YAML) and HAR files (JSON).

Each JSON response body is one payload. Bodies come as text, as bytes (`!!binary`), gzip- or
deflate-compressed bytes (a cassette recorded with `decode_compressed_response` off) or base64 (a HAR
`encoding`); an upgraded body is written back in the same encoding, and a `Content-Length` header (a
HAR `content.size`) that gave the old body's length is set to the new one's. A compressed body is
inflated only as far as `BodyLimits` allow, so a gzip bomb is reported, not inflated.

Writing keeps every byte outside the rewritten bodies (and lengths): when the file is exactly what
its library's serializer writes for its data (vcrpy's `yaml.dump`, a HAR's `json.dumps` layout), the
upgraded data is serialised the same way; otherwise each body is spliced in at its place. Either way
the result is read back and must hold exactly the upgraded bodies and otherwise the old data, or
nothing is written.
"""

from __future__ import annotations

import base64
import binascii
import copy
import gzip
import json
import zlib
from dataclasses import dataclass
from typing import Any

from apptlint.core.atomic import state, write_atomic
from apptlint.core.diffs import masked, unified_diff
from apptlint.core.files import open_regular
from apptlint.sources import yamlguard
from apptlint.sources.base import BodyLimits, Item, Location, Source, SourceError

GZIP_MAGIC = b"\x1f\x8b"
GZIP_WBITS, ZLIB_WBITS, RAW_DEFLATE_WBITS = 31, 15, -15
# Content-Encodings whose bytes are read (gzip by its magic number whatever the header says).
READ_ENCODINGS = ("", "identity", "gzip", "x-gzip", "deflate")


class Undecodable(ValueError):
    """A compressed body that inflates past the limits; the message says which limit, for the user."""


@dataclass
class Body:
    index: int
    encoding: str  # "text", "bytes", "gzip", "deflate", "deflate-raw" (cassettes); "text", "base64" (HAR)
    payload: bytes  # the JSON text
    sent: bytes  # the body as sent (compressed, if it was): what Content-Length counts
    gzip_mtime: int = 0


def _decoded(
    raw, base64_text: bool = False, content_encoding: str = "", limits: BodyLimits | None = None
) -> tuple[str, bytes, int] | None:
    """(encoding, JSON bytes, gzip mtime) of a recorded body, or None when it is none we can read.
    Raises Undecodable for a compressed body that inflates past `limits`."""
    limits = limits or BodyLimits()
    if isinstance(raw, str):
        if base64_text:
            try:
                raw = base64.b64decode(raw, validate=True)
            except (binascii.Error, ValueError):
                return None
            return ("base64", raw, 0)
        return ("text", raw.encode("utf-8"), 0)
    if isinstance(raw, bytes):
        try:
            if raw.startswith(GZIP_MAGIC):
                return ("gzip", _inflate(raw, GZIP_WBITS, limits), int.from_bytes(raw[4:8], "little"))
            if content_encoding == "deflate":
                # RFC 9110's deflate is the zlib format; some servers send raw deflate, so both are read.
                try:
                    return ("deflate", _inflate(raw, ZLIB_WBITS, limits), 0)
                except zlib.error:
                    return ("deflate-raw", _inflate(raw, RAW_DEFLATE_WBITS, limits), 0)
        except zlib.error:
            return None
        if content_encoding not in READ_ENCODINGS:
            return None  # br, zstd...: compressed bytes, not JSON with a parse error
        return ("bytes", raw, 0)
    return None


def _inflate(raw: bytes, wbits: int, limits: BodyLimits) -> bytes:
    """`raw` inflated, stopping at the first byte past the limits: memory never holds more than they allow."""
    by_ratio = max(limits.ratio_from, int(len(raw) * limits.max_ratio))
    allowed = min(limits.max_bytes, by_ratio)
    out, data = bytearray(), raw
    while True:
        inflater = zlib.decompressobj(wbits)
        out += inflater.decompress(data, allowed + 1 - len(out))
        if len(out) > allowed:
            if allowed == limits.max_bytes:
                raise Undecodable(f"compressed body inflates past {limits.max_bytes:,} bytes (max-body-bytes)")
            raise Undecodable(
                f"compressed body inflates past {limits.max_ratio:g} times its {len(raw):,} bytes "
                "(max-compression-ratio): a compression bomb?"
            )
        if not inflater.eof:
            raise zlib.error("truncated stream")
        data = inflater.unused_data
        if wbits != GZIP_WBITS or not data.startswith(GZIP_MAGIC):  # gzip may hold several members
            if data.strip(b"\0"):
                raise zlib.error("trailing bytes after the stream")
            return bytes(out)


def _encoded(body: Body, new: bytes):
    if body.encoding == "text":
        return new.decode("utf-8")
    if body.encoding == "base64":
        return base64.b64encode(new).decode("ascii")
    if body.encoding == "gzip":
        return gzip.compress(new, mtime=body.gzip_mtime)
    if body.encoding == "deflate":
        return zlib.compress(new)
    if body.encoding == "deflate-raw":
        deflater = zlib.compressobj(wbits=RAW_DEFLATE_WBITS)
        return deflater.compress(new) + deflater.flush()
    return new


def _header(headers, wanted: str) -> str:
    """The first value of header `wanted` (any case), lower-cased; "" when there is none."""
    for name, value in headers.items() if isinstance(headers, dict) else ():
        if isinstance(name, str) and name.lower() == wanted:
            first = value[0] if isinstance(value, list) and value else value
            return first.strip().lower() if isinstance(first, str) else ""
    return ""


def _is_json_type(headers) -> bool | None:
    """True/False from a Content-Type header, None when there is none."""
    for name, value in headers.items() if isinstance(headers, dict) else ():
        if isinstance(name, str) and name.lower() == "content-type":
            values = value if isinstance(value, list) else [value]
            return any(isinstance(v, str) and "json" in v.lower() for v in values)
    return None


class RecordedFile(Source):
    """The shared part: bodies out as items, replacements back in, one atomic write on commit."""

    kind = "recording"
    file_backed = True

    def __init__(self, path: str, backup: bool = False, limits: BodyLimits | None = None) -> None:
        self.name = path
        self.backup = backup
        self.limits = limits or BodyLimits()
        self.read_state: tuple | None = None
        self.text = ""
        self.data: Any = None
        self.bodies: dict[int, Body] = {}
        self.new: dict[int, bytes] = {}

    @property  # bodies of other APIs are everyday content in a recording: never reported as unrecognised
    def skip_unrecognised(self):
        return True

    @skip_unrecognised.setter
    def skip_unrecognised(self, value):
        pass

    def items(self):
        with open_regular(self.name) as handle:
            raw = handle.read()
            self.read_state = state(handle.fileno())
        try:
            self.text = raw.decode("utf-8")
            self.data = self.load(self.text)
            self.check(self.text)
            responses = list(self.responses(self.data))
        except ValueError as exc:
            line, message = exc.args if len(exc.args) == 2 else (None, str(exc))
            kind = getattr(exc, "kind", "invalid-json")
            yield Item(
                Location(self.name, line or 1), None, note=f"not a readable {self.kind}: {message}", note_kind=kind
            )
            return
        lines = self.body_lines()
        for index, raw_body, headers, base64_text, problem in responses:
            where = f"interaction {index}" if self.kind == "cassette" else f"entry {index}"
            if problem is not None:
                yield Item(Location(self.name, lines.get(index, 1)), None, note=f"{where}: {problem}")
                continue
            try:
                decoded = _decoded(raw_body, base64_text, _header(headers, "content-encoding"), self.limits)
            except Undecodable as exc:
                yield Item(Location(self.name, lines.get(index)), None, note=f"{where}: {exc}; not read")
                continue
            json_type = _is_json_type(headers)
            if decoded is None:
                if json_type:
                    encoding = _header(headers, "content-encoding")
                    how = f" (`Content-Encoding: {encoding}`)" if encoding not in READ_ENCODINGS else ""
                    yield Item(
                        Location(self.name, lines.get(index)), None, note=f"{where}: body cannot be decoded{how}"
                    )
                continue
            encoding, payload, mtime = decoded
            if not payload.strip():
                continue  # no body (a 204): nothing to check
            if json_type is False or (json_type is None and not payload.lstrip()[:1] in (b"{", b"[")):
                continue  # not JSON, and not said to be: an HTML page, an image
            sent = raw_body if isinstance(raw_body, bytes) else payload
            self.bodies[index] = Body(index, encoding, payload, sent, mtime)
            yield Item(
                Location(self.name, lines.get(index), multiline=True), payload, handle=index, context=f"{where} body"
            )

    def replace(self, item: Item, new: bytes) -> None:
        self.new[item.handle] = new

    def diff(self, item: Item, new: bytes) -> str:
        self.new[item.handle] = new
        return ""

    def patch(self) -> str:
        if not self.new:
            return ""
        if self.redact is None:
            new_text = self.rewritten()
            return "" if new_text is None else unified_diff(self.name, self.text.encode(), new_text.encode())
        # Personal data hidden: both sides are the file with every body redacted (a body is JSON inside YAML
        # or JSON, which no redaction of the file's own text can see into), so no line, context included,
        # holds a body as recorded. Compressed bodies are left out where the file cannot be re-rendered.
        hidden = {index: self.shown(body.payload) for index, body in self.bodies.items()}
        textual = {i: v for i, v in hidden.items() if self.bodies[i].encoding in ("text", "base64") or i in self.new}
        for shown in (hidden, textual):
            old_text = self.rendered(shown)
            new_text = self.rendered({**shown, **{index: self.shown(new) for index, new in self.new.items()}})
            if old_text is not None and new_text is not None:
                return self.scrubbed(unified_diff(self.name, old_text.encode(), new_text.encode()))
        return ""

    def scrubbed(self, diff: str) -> str:
        """`diff` without the personal values of any JSON in the file, bodies and request bodies alike, wherever
        they stand (a request body can be a context line, or on the changed line of a one-line HAR)."""
        if self.personal_values is None:
            return diff
        texts = [body.payload for body in self.bodies.values()] + list(self.new.values())
        texts += [t.encode("utf-8") if isinstance(t, str) else t for t in self.request_bodies(self.data)]
        values: set[str] = set()
        for text in texts:
            try:
                values |= self.personal_values(text.decode("utf-8"))
            except UnicodeDecodeError:
                continue
        return masked(diff, values)

    def request_bodies(self, data) -> list:
        """The recorded request bodies (text or bytes): what the client sent may hold the same personal data."""
        return []

    def commit(self) -> int:
        if not self.new:
            return 0
        new_text = self.rewritten()
        if new_text is None:
            raise SourceError("cannot rewrite it exactly; left unchanged")
        write_atomic(self.name, new_text.encode("utf-8"), backup=self.backup, read_state=self.read_state)
        return len(self.new)

    def rewritten(self) -> str | None:
        """The file with the upgraded bodies, proven: it reads back as exactly the upgraded data."""
        return self.rendered(self.new)

    def rendered(self, bodies: dict[int, bytes]) -> str | None:
        """The file with `bodies` (index -> JSON bytes) in place of those bodies, each in its own encoding;
        proven: it reads back as exactly the old data with those bodies (and their lengths) set."""
        data = copy.deepcopy(self.data)
        for index, new in bodies.items():
            self.set_body(data, index, _encoded(self.bodies[index], new), self.bodies[index], new)
        for make in (self.reserialised, lambda data: self.spliced(data, bodies)):
            candidate = make(data)
            try:
                if candidate is not None and self.load(candidate) == data:
                    return candidate
            except ValueError:
                continue  # it does not read back: not this way
        return None

    # ---- per format ----
    def load(self, text: str):
        raise NotImplementedError

    def check(self, text: str) -> None:
        """Raise yamlguard.Refused for what the format's reader accepts silently but must not be trusted."""

    def responses(self, data):
        """(index, body as stored, headers, body is base64 text, None) for each recorded response, or
        (index, None, None, False, what is wrong) for one that is not shaped as its format says."""
        raise NotImplementedError

    def body_lines(self) -> dict[int, int]:
        return {}

    def set_body(self, data, index: int, stored, body: Body, new: bytes) -> None:
        raise NotImplementedError

    def reserialised(self, data) -> str | None:
        raise NotImplementedError

    def spliced(self, data, bodies) -> str | None:
        return None


def _set_length(headers, old_length: int, new_length: int) -> None:
    if not isinstance(headers, dict):
        return  # not headers as vcrpy writes them: nothing counts the body there
    for name in list(headers):
        if isinstance(name, str) and name.lower() == "content-length":
            values = headers[name]
            listed = values if isinstance(values, list) else [values]
            if [str(v) for v in listed] == [str(old_length)]:
                new = str(new_length) if isinstance(listed[0], str) else new_length
                headers[name] = [new] if isinstance(values, list) else new


class VcrCassette(RecordedFile):
    kind = "cassette"

    def load(self, text: str):
        data = yamlguard.load(text)  # a safe loader; refuses recursive aliases, alias bombs, duplicate keys
        if not isinstance(data, dict) or not isinstance(data.get("interactions"), list):
            raise ValueError(1, "no `interactions` list")
        return data

    def responses(self, data):
        for index, interaction in enumerate(data["interactions"]):
            response = interaction.get("response") if isinstance(interaction, dict) else None
            body = response.get("body") if isinstance(response, dict) else None
            if isinstance(body, dict) and "string" in body:
                string = body["string"]
                if isinstance(string, (dict, list)):
                    what = "a mapping" if isinstance(string, dict) else "a list"
                    yield index, None, None, False, f"`body.string` is {what}, not text or bytes; not read"
                    continue
                yield index, string, response.get("headers"), False, None

    def request_bodies(self, data) -> list:
        found = []
        for interaction in data["interactions"]:
            request = interaction.get("request") if isinstance(interaction, dict) else None
            body = request.get("body") if isinstance(request, dict) else None
            if isinstance(body, dict):  # some serializers nest it as the response's is
                body = body.get("string")
            if isinstance(body, (str, bytes)):
                found.append(body)
        return found

    def body_lines(self) -> dict[int, int]:
        """The line of each interaction's `body.string` value, from the YAML node tree."""
        try:
            root = yamlguard.compose(self.text)
        except ValueError:
            return {}
        lines = {}
        interactions = _mapping_value(root, "interactions")
        for index, node in enumerate(getattr(interactions, "value", []) or []):
            string = _mapping_value(_mapping_value(_mapping_value(node, "response"), "body"), "string")
            if string is not None:
                block = getattr(string, "style", None) in ("|", ">")  # a mapping or list node has no style
                lines[index] = string.start_mark.line + 1 + (1 if block else 0)
        return lines

    def set_body(self, data, index, stored, body, new) -> None:
        response = data["interactions"][index]["response"]
        response["body"]["string"] = stored
        new_sent = stored if isinstance(stored, bytes) else new
        _set_length(response.get("headers"), len(body.sent), len(new_sent))

    def spliced(self, data, bodies) -> str | None:
        """A text body rewritten in place as a one-line double-quoted scalar (valid at any indentation), and
        a Content-Length value that counted it, in its own quotes. Binary bodies need the serializer."""
        import yaml

        root = yamlguard.compose(self.text)
        interactions = _mapping_value(root, "interactions")
        edits = []
        for index in bodies:
            response = data["interactions"][index]["response"]
            if not isinstance(response["body"]["string"], str):
                return None
            node = _mapping_value(root, "interactions") and interactions.value[index]
            string = _mapping_value(_mapping_value(_mapping_value(node, "response"), "body"), "string")
            if string is None or string.style in ("|", ">"):
                return None  # a block scalar ends with its line break and the next key's indentation: not spliced
            scalar = yaml.dump(response["body"]["string"], default_style='"', width=float("inf")).rstrip("\n")
            scalar = scalar.removesuffix("\n...")
            edits.append((string.start_mark.index, string.end_mark.index, scalar))
            headers = _mapping_value(_mapping_value(node, "response"), "headers")
            for key, value in headers.value if getattr(headers, "id", "") == "mapping" else []:
                if str(getattr(key, "value", "")).lower() != "content-length":
                    continue
                item = value.value[0] if value.id == "sequence" and value.value else value
                if item.id != "scalar":
                    continue  # no length as vcrpy writes one: left as it is
                new_length = response["headers"].get(key.value)
                new_length = new_length[0] if isinstance(new_length, list) else new_length
                if str(new_length) != item.value:
                    quote = item.style or ""
                    edits.append((item.start_mark.index, item.end_mark.index, f"{quote}{new_length}{quote}"))
        return _with_edits(self.text, edits)

    def reserialised(self, data) -> str | None:
        import yaml

        # What vcrpy's yamlserializer writes: yaml.dump with the C dumper when there is one.
        for dumper in {getattr(yaml, "CDumper", yaml.Dumper), yaml.Dumper}:
            if yaml.dump(self.data, Dumper=dumper) == self.text:
                return yaml.dump(data, Dumper=dumper)
        return None


def _pointer_of(data, target) -> str | None:
    """The JSON pointer of the container `target` (by identity) inside `data`."""
    stack = [(data, "")]
    while stack:
        node, pointer = stack.pop()
        if node is target:
            return pointer
        if isinstance(node, dict):
            stack += [(v, f"{pointer}/{k.replace('~', '~0').replace('/', '~1')}") for k, v in node.items()]
        elif isinstance(node, list):
            stack += [(v, f"{pointer}/{i}") for i, v in enumerate(node)]
    return None


def _with_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    """`text` with each (start, end, new text) span replaced; the spans do not overlap."""
    out, cursor = [], 0
    for start, end, new in sorted(edits):
        out += [text[cursor:start], new]
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def _mapping_value(node, key: str):
    if node is None or getattr(node, "id", "") != "mapping":
        return None
    for k, v in node.value:
        if getattr(k, "value", None) == key:
            return v
    return None


class HarFile(RecordedFile):
    kind = "HAR file"

    def load(self, text: str):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(exc.lineno, exc.msg) from None
        except RecursionError:
            raise ValueError(1, "nested too deeply to read") from None
        log = data.get("log") if isinstance(data, dict) else None
        entries = log.get("entries") if isinstance(log, dict) else None
        if not isinstance(entries, list):
            raise ValueError(1, "no `log.entries` list")
        return data

    def check(self, text: str) -> None:
        """A key written twice in one object: json keeps the last value without a word (an exact second parse,
        once per file; the duplicate's line is where json_source_map, which also keeps the last, puts it)."""
        repeated: list[tuple[dict, str]] = []

        def pairs(members):
            found = dict(members)
            if len(found) < len(members) and not repeated:
                seen: set[str] = set()
                for key, _ in members:
                    if key in seen:
                        repeated.append((found, key))
                        break
                    seen.add(key)
            return found

        data = json.loads(text, object_pairs_hook=pairs)
        if not repeated:
            return
        holder, key = repeated[0]
        pointer = _pointer_of(data, holder)
        line = 1
        if pointer is not None:
            from json_source_map import calculate

            entry = calculate(text).get(pointer + "/" + key.replace("~", "~0").replace("/", "~1"))
            line = entry.key_start.line + 1 if entry is not None and entry.key_start is not None else 1
        raise yamlguard.Refused(
            line, f"duplicate key {key!r}: JSON readers keep one of the values without a word", "duplicate-key"
        )

    def responses(self, data):
        for index, entry in enumerate(data["log"]["entries"]):
            response = entry.get("response") if isinstance(entry, dict) else None
            content = response.get("content") if isinstance(response, dict) else None
            if not isinstance(response, dict) or not isinstance(content, dict):
                what = "entry" if not isinstance(entry, dict) else "`response`" if content is None else "`content`"
                yield index, None, None, False, f"{what} is not an object as HAR requires; not read"
                continue
            if isinstance(content.get("text"), str):
                headers = {"Content-Type": content.get("mimeType", "")}
                yield index, content["text"], headers, content.get("encoding") == "base64", None

    def request_bodies(self, data) -> list:
        found = []
        for entry in data["log"]["entries"]:
            request = entry.get("request") if isinstance(entry, dict) else None
            posted = request.get("postData") if isinstance(request, dict) else None
            if isinstance(posted, dict) and isinstance(posted.get("text"), str):
                found.append(posted["text"])
        return found

    def body_lines(self) -> dict[int, int]:
        return {index: position.value_start.line + 1 for index, position in self._text_positions().items()}

    def _text_positions(self) -> dict:
        from json_source_map import calculate

        try:
            positions = calculate(self.text)
        except Exception:  # noqa: BLE001 - a best-effort line; the JSON itself parsed
            return {}
        found = {}
        for index in range(len(self.data["log"]["entries"])):
            position = positions.get(f"/log/entries/{index}/response/content/text") or positions.get(
                f"/log/entries/{index}"
            )
            if position is not None:
                found[index] = position
        return found

    def spliced(self, data, bodies) -> str | None:
        """Each rewritten `text` string replaced where it stands (and a `size` that counted it)."""
        from json_source_map import calculate

        positions = calculate(self.text)
        edits = []
        for index in bodies:
            content = data["log"]["entries"][index]["response"]["content"]
            at = positions.get(f"/log/entries/{index}/response/content/text")
            if at is None:
                return None
            literal = json.dumps(content["text"], ensure_ascii=self.text.isascii())
            edits.append((at.value_start.position, at.value_end.position, literal))
            old_response = self.data["log"]["entries"][index]["response"]
            new_response = data["log"]["entries"][index]["response"]
            for pointer, old, new in [
                ("content/size", old_response["content"].get("size"), content.get("size")),
                ("bodySize", old_response.get("bodySize"), new_response.get("bodySize")),
            ]:
                where = positions.get(f"/log/entries/{index}/response/{pointer}")
                if where is not None and old != new:
                    edits.append((where.value_start.position, where.value_end.position, json.dumps(new)))
            new_headers = new_response.get("headers")
            for n, header in enumerate(new_headers if isinstance(new_headers, list) else []):
                where = positions.get(f"/log/entries/{index}/response/headers/{n}/value")
                if where is not None and header != old_response["headers"][n]:
                    edits.append((where.value_start.position, where.value_end.position, json.dumps(header["value"])))
        return _with_edits(self.text, edits)

    def set_body(self, data, index, stored, body, new) -> None:
        response = data["log"]["entries"][index]["response"]
        content = response["content"]
        content["text"] = stored
        if content.get("size") == len(body.payload):
            content["size"] = len(new)
        if response.get("bodySize") == len(body.payload):
            response["bodySize"] = len(new)
        headers = response.get("headers")
        for header in headers if isinstance(headers, list) else []:
            if isinstance(header, dict) and str(header.get("name", "")).lower() == "content-length":
                if str(header.get("value")) == str(len(body.payload)):
                    header["value"] = str(len(new))

    def reserialised(self, data) -> str | None:
        for indent in (2, 4, None, 1, "\t"):
            for ascii_ in (False, True):
                if json.dumps(self.data, indent=indent, ensure_ascii=ascii_) in (self.text, self.text.rstrip("\n")):
                    trailing = (
                        "\n"
                        if self.text.endswith("\n") and not json.dumps(self.data, indent=indent).endswith("\n")
                        else ""
                    )
                    return json.dumps(data, indent=indent, ensure_ascii=ascii_) + trailing
        return None
