"""The fast engine (jsonschema-rs) and the reference (jsonschema + semantics.py) give the same verdict.

Payloads are generated from every component schema of every snapshot (hypothesis-jsonschema, from the
resolved schema) and then mutated the ways stored data goes wrong: a trailing newline, a non-ASCII
letter, a short email, a leap second, a wrong type, a key lost or added. Each example asserts that
both engines say the same thing. More examples per schema:

    APPTLINT_AGREEMENT_EXAMPLES=200 .venv/bin/python -m pytest tests/test_engine_agreement.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from apptlint import validate_payload
from apptlint.payload import snapshots
from apptlint.payload.validation import SchemaValidator, validator

EXAMPLES = int(os.environ.get("APPTLINT_AGREEMENT_EXAMPLES", "8"))
SCHEMAS = [(v, name) for v in snapshots.versions() for name in sorted(snapshots.schemas(v))]

TRICKY = [
    "clnt_a1b2c3d4e5f6\n",
    "clnt_ÖÍa1b2c3d4e5",
    "bl_ÖÍ0000000000000000000000",
    "a@",
    "@example.com",
    "pat@example.com",
    "2016-12-31T23:59:60Z",
    "2025-02-30T10:00:00Z",
    "https://example.com/a b",
    "https://app.example.com/c/appointments/x/cancel",
    "",
    None,
    0,
    -1,
    2**70,
    1.5,
    True,
    [],
    {},
]


def _generation_schema(node):
    """The resolved schema with closed objects: generating free-form members is what makes
    hypothesis-jsonschema slow (about 50 s per Appointment schema); the mutations add keys back."""
    if isinstance(node, dict):
        node = {k: _generation_schema(v) for k, v in node.items() if not k.startswith("x-")}
        if "properties" in node:
            node.setdefault("additionalProperties", False)
        elif node.get("type") == "object":
            node.setdefault("maxProperties", 1)
        return node
    if isinstance(node, list):
        return [_generation_schema(v) for v in node]
    return node


def _slots(value, path=()):
    """Every (container path, key) in `value`, the places a mutation can land."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield path, key
            yield from _slots(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield path, index
            yield from _slots(child, path + (index,))


def _container(value, path):
    for part in path:
        value = value[part]
    return value


@st.composite
def mutated(draw, base):
    import copy

    value = copy.deepcopy(draw(base))
    slots = list(_slots(value))
    for _ in range(draw(st.integers(1, 3))):
        if not slots:
            break
        path, key = draw(st.sampled_from(slots))
        try:
            holder = _container(value, path)
            current = holder[key]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation moved it
        if not isinstance(holder, (dict, list)):
            continue  # an earlier mutation put a string where a container was
        action = draw(st.sampled_from(["replace", "string", "delete", "add"]))
        if action == "string" and isinstance(current, str):
            holder[key] = draw(st.sampled_from([current + "\n", "é" + current[1:], current[:-1] + "Ö", current + " "]))
        elif action == "delete" and isinstance(holder, dict):
            del holder[key]
        elif action == "add" and isinstance(holder, dict):
            holder[draw(st.sampled_from(["unexpected", "cancel_url", "urls", "object"]))] = draw(
                st.sampled_from(TRICKY)
            )
        else:
            holder[key] = draw(st.sampled_from(TRICKY))
    return value


def _agree(version, name, value):
    check = validator(version, name)
    assert check.fast is not None
    fast, reference = check.fast.is_valid(value), check.reference.is_valid(value)
    assert fast == reference, f"{version} {name}: jsonschema-rs says {fast}, jsonschema says {reference} for {value!r}"


AGREEMENT = settings(
    max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck), derandomize=False
)


@pytest.mark.slow
@pytest.mark.parametrize(("version", "name"), SCHEMAS, ids=[f"{v}-{n}" for v, n in SCHEMAS])
def test_engines_agree_on_generated_and_mutated_payloads(version, name):
    base = from_schema(_generation_schema(snapshots.resolved(version, name)))

    @AGREEMENT
    @given(st.one_of(base, mutated(base)))
    def agree(value):
        _agree(version, name, value)

    agree()


@pytest.mark.parametrize(
    ("field", "value", "valid"),
    [
        ("id", "clnt_a1b2c3d4e5f6\n", False),  # ECMA-262 `$` is the end of the text, not before a final newline
        ("id", "clnt_ÖÍa1b2c3d4e5", False),  # ECMA-262 `\w` is ASCII
        ("email", "a@", False),
        ("email", "@example.com", False),
        ("created_at", "2016-12-31T23:59:60Z", True),  # a leap second is valid RFC 3339
        ("created_at", "2016-12-31T23:59:61Z", False),
        ("id", "clnt_a1b2c3d4e5f6", True),
    ],
)
def test_the_cases_that_once_passed_silently(field, value, valid):
    client = {**snapshots.example("1.6.0", "Appointment")["client"], field: value}
    _agree("1.6.0", "Client", client)
    event = {"object": {**snapshots.example("1.6.0", "Appointment"), "client": client}}
    codes = [f.code for f in validate_payload(event, schema="AppointmentCreatedEventData")]
    assert (codes == []) is valid, codes


SUITE_EMAILS = [
    (test["data"], test["valid"], test["description"])
    for group in json.loads((Path(__file__).parent / "data" / "json-schema-test-suite" / "email.json").read_text())
    for test in group["tests"]
    if isinstance(test["data"], str)
]


@pytest.mark.parametrize(
    ("address", "valid"),
    [(address, valid) for address, valid, _ in SUITE_EMAILS]
    + [
        ("Pat <pat@example.com>", False),  # RFC 5322 name-addr: a header's form, not a mailbox
        ('"Pat" <pat@example.com>', False),
        ("Pat <pat@example.com> ", False),
        (" <pat@example.com>", False),
        ('"a<b>"@example.com', True),  # a quoted local part may hold brackets
        ("pat@localhost", True),
    ],
    ids=[description for _, _, description in SUITE_EMAILS]
    + ["name-addr", "quoted name-addr", "trailing blank", "empty name", "quoted brackets", "one-label domain"],
)
def test_email_is_an_rfc_5321_mailbox_in_both_engines(address, valid):
    client = {**snapshots.example("1.6.0", "Appointment")["client"], "email": address}
    _agree("1.6.0", "Client", client)
    assert validator("1.6.0", "Client").is_valid(client) is valid
    codes = [f.code for f in validate_payload(client, schema="Client")]
    assert (codes == []) is valid, codes


class Lenient:
    """A reference engine that finds nothing wrong: forces the engines to disagree."""

    def iter_errors(self, value):
        return iter(())

    def is_valid(self, value):
        return True


def test_a_payload_the_fast_engine_rejects_always_yields_a_finding(monkeypatch):
    """Force a disagreement: a reference engine that finds nothing wrong."""
    check = validator("1.6.0", "Client")

    monkeypatch.setitem(check.__dict__, "reference", Lenient())
    client = {**snapshots.example("1.6.0", "Appointment")["client"], "id": "clnt_short"}
    findings = validate_payload(client, schema="Client")
    assert [f.code for f in findings] == ["APT201"]
    assert findings[0].pointer == "/id" and "fails pattern (fast engine: " in findings[0].message
    hidden = validate_payload({**client, "email": "a@"}, schema="Client")
    assert all("a@" not in f.message for f in hidden), "personal data stays hidden without --show-values"
    assert isinstance(check, SchemaValidator)


def test_a_long_list_the_engines_disagree_on_still_yields_findings(monkeypatch):
    """An envelope of more than EXPLAIN_ITEMWISE links, one of which only the fast engine rejects."""
    check = validator("1.6.0", "BookingLink")

    monkeypatch.setitem(check.__dict__, "reference", Lenient())
    links = snapshots.example("1.6.0", "BookingLinksResponse")
    items = [links["data"][0]] * 80 + [{**links["data"][0], "id": "bl_short"}]
    findings = validate_payload({**links, "data": items}, schema="BookingLinksResponse")
    assert [(f.code, f.pointer) for f in findings] == [("APT201", "/data/80/id")]
