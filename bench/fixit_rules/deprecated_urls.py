"""A Fixit 2 rule equivalent to the core of apptlint's APT001: `X["urls"]["K"][0]` -> `X["K_url"]`.

It is the rule a team would write for itself on Fixit: one subscript pattern, no aliases, no `.get`
chains. Run it alone with `python -m fixit --rules bench.fixit_rules.deprecated_urls lint PATH`.
"""

from __future__ import annotations

import libcst as cst
from fixit import Invalid, LintRule, Valid

# The deprecated `urls` keys that have a flat `K_url` field in API 1.6.0.
FLAT_KEYS = frozenset({"add_to_calendar", "cancel", "confirm", "ics", "join", "reschedule"})


def _only_index(node: cst.Subscript):
    if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        return node.slice[0].slice.value
    return None


def _text(node) -> str | None:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


class DeprecatedUrlsRead(LintRule):
    """Reads of the first URL of a deprecated `urls` list; use the flat `*_url` field instead."""

    VALID = [
        Valid('link = appt["cancel_url"]'),
        Valid('first = release["urls"][0]["filename"]'),
        Valid('html = repo["urls"]["html"][0]'),
    ]
    INVALID = [
        Invalid('link = appt["urls"]["cancel"][0]', expected_replacement='link = appt["cancel_url"]'),
        Invalid("ics = event['object']['urls']['ics'][0]", expected_replacement="ics = event['object']['ics_url']"),
    ]

    def visit_Subscript(self, node: cst.Subscript) -> None:
        zero = _only_index(node)
        if not (isinstance(zero, cst.Integer) and zero.value == "0"):
            return
        listing = node.value  # X["urls"]["K"]
        if not isinstance(listing, cst.Subscript):
            return
        key_node = _only_index(listing)
        key = _text(key_node)
        container = listing.value  # X["urls"]
        if key not in FLAT_KEYS or not isinstance(container, cst.Subscript) or _text(_only_index(container)) != "urls":
            return
        quote = key_node.value[-1]
        flat = key_node.with_changes(value=key_node.value[:-1] + "_url" + quote)
        replacement = container.with_changes(slice=[container.slice[0].with_changes(slice=cst.Index(flat))])
        self.report(node, f'`urls["{key}"][0]` is deprecated; read `{key}_url`', replacement=replacement)
