"""What "valid" means, once, for both validation engines.

jsonschema-rs gives the verdict and the reference `jsonschema` explains it, so the two must agree on
every value. Out of the box they do not: `jsonschema` matches `pattern` with Python's `re` (where `$`
matches before a trailing newline and `\\w` takes any Unicode letter) and checks `email` by looking
for an `@`, while JSON Schema says patterns are ECMA-262 regexes and jsonschema-rs follows that.

So the reference engine is `jsonschema`'s Draft 2020-12 validator with
- `pattern`, `patternProperties` and `additionalProperties` matched by `regress`, an ECMA-262 engine;
- each `format` the snapshots use checked by jsonschema-rs's own format implementation. The fast
  engine's checks run in Rust; giving it Python checks instead cost 6x its time on webhook events
  (0.11 s -> 0.67 s per 10,000, measured), so the reference borrows the fast engine's.
- except `email`, which both engines check with `email_holds`: jsonschema-rs's own check (the
  `email_address` crate) also takes RFC 5322's `name-addr` (`Pat <pat@example.com>`), a header's form,
  where JSON Schema means an RFC 5321 mailbox. Only email strings pay for the Python call.
"""

from __future__ import annotations

import re
from functools import lru_cache

import jsonschema_rs


@lru_cache(maxsize=None)
def ecma_regex(pattern: str):
    import regress

    # "u": the Unicode mode JSON Schema implementations use; `\w`, `\d` and `\b` stay ASCII in it.
    return regress.Regex(pattern, flags="u")


def ecma_search(pattern: str, text: str) -> bool:
    return ecma_regex(pattern).find(text) is not None


@lru_cache(maxsize=None)
def _format_validator(name: str):
    return jsonschema_rs.validator_for({"format": name}, validate_formats=True)


def email_holds(value) -> bool:
    """An RFC 5321 Mailbox (`Local-part "@" ( Domain / address-literal )`): jsonschema-rs's grammar, minus the
    name-addr forms it also takes. A mailbox's domain is letters, digits, `-` and `.`, or a bracketed literal,
    so it never holds `>` or a blank, and every name-addr ends in `>`."""
    if not isinstance(value, str):
        return True
    # Called from Rust for every email string the fast engine meets: kept to one regex search after its check.
    return _format_validator("email").is_valid(value) and NOT_IN_A_DOMAIN.search(value, value.rfind("@") + 1) is None


NOT_IN_A_DOMAIN = re.compile(r"[<>\s]")


# Formats both engines check with the same Python function (`formats=` for jsonschema-rs, a FormatChecker for
# jsonschema); the rest are jsonschema-rs's own.
CUSTOM_FORMATS = {"email": email_holds}


def format_holds(name: str, value) -> bool:
    """The verdict on `value` for format `name` (non-strings and unknown formats pass, as in both engines)."""
    custom = CUSTOM_FORMATS.get(name)
    return custom(value) if custom is not None else _format_validator(name).is_valid(value)


def formats_used(*documents) -> frozenset[str]:
    found: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("format"), str):
                found.add(node["format"])
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    for document in documents:
        walk(document)
    return frozenset(found)


def format_checker(formats):
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    for name in sorted(formats):
        checker.checks(name)(lambda value, name=name: format_holds(name, value))
    return checker


@lru_cache(maxsize=None)
def reference_class():
    """Draft 2020-12 with ECMA-262 regexes; built on first use, since valid payloads never need it."""
    from jsonschema import Draft202012Validator, validators
    from jsonschema.exceptions import ValidationError

    def pattern(validator, regex, instance, schema):
        if validator.is_type(instance, "string") and not ecma_search(regex, instance):
            yield ValidationError(f"{instance!r} does not match {regex!r}")

    def pattern_properties(validator, patterns, instance, schema):
        if not validator.is_type(instance, "object"):
            return
        for regex, subschema in patterns.items():
            for key, value in instance.items():
                if ecma_search(regex, key):
                    yield from validator.descend(value, subschema, path=key, schema_path=regex)

    draft_additional = Draft202012Validator.VALIDATORS["additionalProperties"]

    def additional_properties(validator, additional, instance, schema):
        if not validator.is_type(instance, "object") or "patternProperties" not in schema:
            yield from draft_additional(validator, additional, instance, schema)
            return
        # jsonschema finds "additional" keys with `re`; here the patterns decide as they do above.
        covered = set(schema.get("properties", {}))
        extras = [
            key
            for key in instance
            if key not in covered and not any(ecma_search(p, key) for p in schema["patternProperties"])
        ]
        if validator.is_type(additional, "object"):
            for key in extras:
                yield from validator.descend(instance[key], additional, path=key)
        elif not additional and extras:
            yield ValidationError(f"Additional properties are not allowed ({', '.join(map(repr, extras))} unexpected)")

    return validators.extend(
        Draft202012Validator,
        {"pattern": pattern, "patternProperties": pattern_properties, "additionalProperties": additional_properties},
    )
