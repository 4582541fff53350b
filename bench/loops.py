"""Hand-written loops over a JSON Lines file: the plain-Python peer and the practical limits.

Run in the peer venv by path (it imports nothing from apptlint):
    python bench/loops.py jsonschema SCHEMA FILE   # Draft 2020-12 + format checker, one event per line
    python bench/loops.py parse FILE               # orjson.loads per line: the floor for any validator
    python bench/loops.py rs SCHEMA FILE           # orjson.loads + a prebuilt jsonschema-rs validator: the fast engine's floor
    python bench/loops.py rewrite FILE OUT         # orjson.loads + orjson.dumps per line into OUT
Each prints one summary line.
"""

from __future__ import annotations

import json
import sys


def validate(schema_path: str, path: str) -> None:
    import jsonschema

    with open(schema_path, "rb") as handle:
        schema = json.load(handle)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    events = invalid = errors = 0
    with open(path, "rb") as handle:
        for line in handle:
            events += 1
            document = json.loads(line)
            if not validator.is_valid(document):
                invalid += 1
                errors += sum(1 for _ in validator.iter_errors(document))
    print(f"jsonschema: {events} events, {invalid} invalid, {errors} errors")


def rs(schema_path: str, path: str) -> None:
    import jsonschema_rs
    import orjson

    with open(schema_path, "rb") as handle:
        validator = jsonschema_rs.validator_for(json.load(handle), validate_formats=True)
    events = invalid = 0
    with open(path, "rb") as handle:
        for line in handle:
            events += 1
            if not validator.is_valid(orjson.loads(line)):
                invalid += 1
    print(f"jsonschema-rs: {events} events, {invalid} invalid")


def parse(path: str) -> None:
    import orjson

    events = 0
    with open(path, "rb") as handle:
        for line in handle:
            orjson.loads(line)
            events += 1
    print(f"orjson: {events} events parsed")


def rewrite(path: str, out_path: str) -> None:
    import orjson

    events = 0
    with open(path, "rb") as handle, open(out_path, "wb") as out:
        for line in handle:
            out.write(orjson.dumps(orjson.loads(line)) + b"\n")
            events += 1
    print(f"orjson: {events} events rewritten")


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"jsonschema": validate, "rs": rs, "parse": parse, "rewrite": rewrite}[command](*args)
