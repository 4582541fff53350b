from __future__ import annotations

import libcst as cst

from apptlint.code.fallbacks import flat_field_of
from apptlint.code.rule import Invalid
from apptlint.code.tree import code_of
from apptlint.code.urls_access import UrlsUseRule
from apptlint.payload import snapshots


class UrlsFallback(UrlsUseRule):
    """
    ## What it does
    Finds transitional fallbacks: a deprecated `urls` read that only runs when the flat field it mirrors is
    missing on the same receiver. The evidence is the guard, which names the flat field and the receiver:
    `appt.get("cancel_url") or appt["urls"]["cancel"][0]`, an `if`/`elif`/`while` or conditional expression
    whose test names it (`.get`, `in`, `hasattr`, `getattr`), a `try` whose body reads it (the read sits in an
    `except`), an earlier `if` naming it that returns (or raises, breaks, continues), an earlier `match` case
    on it, an earlier `with suppress(...)` block returning it, a `coalesce(...)` argument after it, or a query
    that keeps only the rows without it. The test's sense counts: `if appt.get("cancel_url"): ...` guards its
    `else`, `if not ...` its body. The default of `appt.get("cancel_url", READ)` is not a fallback: it is
    evaluated every time, so it is APT001's (reported without a fix).

    ## Why is this bad
    Nothing, while stored payloads of 1.5.0 remain: the fallback is what keeps them working. It is debt to
    drop once every stored payload carries the flat fields, and it must never be "fixed" into the field it
    just failed to read, which is why APT001 and APT002 leave such reads alone.

    ## Example
    ```python
    link = appt.get("cancel_url") or appt["urls"]["cancel"][0]
    ```
    Once `apptlint migrate` has upgraded every store, use instead:
    ```python
    link = appt["cancel_url"]
    ```
    Until then, upgrade old payloads once where they are read, with `apptlint.upgrade(payload)` (the rules of
    `apptlint migrate`, in memory), rather than a fallback at every read.

    ## Fix safety
    **Unsafe**, and only for the `FLAT or DEPRECATED` form (`appt.get("cancel_url") or appt["urls"]["cancel"][0]`
    becomes `appt["cancel_url"]`, `getattr(obj, "cancel_url", None) or ...` becomes `obj.cancel_url`): dropping
    the fallback breaks every 1.5.0 payload it still serves, so it waits for `--unsafe-fixes`. The other forms
    are reported only: which branch to keep is a decision about the surrounding code.
    """

    code = "APT004"
    name = "urls-fallback"
    finish_order = 50
    finish_step = "last, once no stored payload is older: drop the fallbacks (APT004)"
    summary = "A fallback to a deprecated `urls` read after its own flat field"
    fixable = True
    unsafe_fixes = True

    VALID = [
        'link = appt["urls"]["cancel"][0]',  # no guard: APT001's
        'link = appt.get("cancel_url") or other["urls"]["cancel"][0]',  # another receiver
        'link = appt.get("join_url") or appt["urls"]["cancel"][0]',  # another field
        'if appt.get("cancel_url"):\n    pass\nlink = appt["urls"]["cancel"][0]',  # not under the guard
    ]
    INVALID = [
        Invalid(
            'def link(obj):\n    if hasattr(obj, "add_to_calendar_url"):\n        return obj.add_to_calendar_url\n'
            "    return obj.urls.add_to_calendar[0]",
            line=4,
            column=12,
            message="fallback to deprecated `urls.add_to_calendar` after `add_to_calendar_url`: drop it once every stored payload is 1.6.0 (run `apptlint migrate`)",
        ),
        Invalid(
            'link = appt.get("cancel_url") or appt["urls"]["cancel"][0]',
            'link = appt["cancel_url"]',
            line=1,
            column=8,
            message="fallback to deprecated `urls.cancel` after `cancel_url`: drop it once every stored payload "
            "is 1.6.0 (run `apptlint migrate`)",
        ),
        Invalid(
            'link = getattr(obj, "cancel_url", None) or obj.urls.cancel[0]',
            "link = obj.cancel_url",
            line=1,
            column=8,
            message="fallback to deprecated `urls.cancel` after `cancel_url`: drop it once every stored payload "
            "is 1.6.0 (run `apptlint migrate`)",
        ),
        Invalid(
            'if appt.get("cancel_url"):\n    link = appt["cancel_url"]\nelse:\n    link = appt["urls"]["cancel"][0]',
            line=4,
            column=12,
            message="fallback to deprecated `urls.cancel` after `cancel_url`: drop it once every stored payload "
            "is 1.6.0 (run `apptlint migrate`)",
        ),
        Invalid(
            'if "cancel_url" in appt:\n    x = 1\nelse:\n    x = appt["urls"]["cancel"][0]',
            line=4,
            column=9,
            message="fallback to deprecated `urls.cancel` after `cancel_url`: drop it once every stored payload "
            "is 1.6.0 (run `apptlint migrate`)",
        ),
        Invalid(
            'if hasattr(obj, "cancel_url"):\n    x = obj.cancel_url\nelse:\n    x = obj.urls.cancel[0]',
            line=4,
            column=9,
            message="fallback to deprecated `urls.cancel` after `cancel_url`: drop it once every stored payload "
            "is 1.6.0 (run `apptlint migrate`)",
        ),
        Invalid(
            'try:\n    x = obj["cancel_url"]\nexcept KeyError:\n    x = obj["urls"]["cancel"][0]',
            line=4,
            column=9,
            message="fallback to deprecated `urls.cancel` after `cancel_url`: drop it once every stored payload "
            "is 1.6.0 (run `apptlint migrate`)",
        ),
        Invalid(
            'x = appt["urls"]["join"][0] if not appt.get("join_url") else appt["join_url"]',
            line=1,
            column=5,
            message="fallback to deprecated `urls.join` after `join_url`: drop it once every stored payload "
            "is 1.6.0 (run `apptlint migrate`)",
        ),
    ]

    def check_use(self, use) -> None:
        fallback = self.fallback_of(use)
        if fallback is None:
            return
        message = self._message(use)
        whole = fallback.whole
        if whole is not None and whole.right is use.node and use.kind == "read0":
            self.report(whole, message, self._fix(whole.left, self._flat(use), use), unsafe=True)
        else:
            self.report(use.node, message)

    def _message(self, use) -> str:
        flat = snapshots.url_key_map(self.version)[use.entry.key]
        return (
            f"fallback to deprecated `urls.{use.entry.key}` after `{flat}`: drop it once every stored payload "
            "is 1.6.0 (run `apptlint migrate`)"
        )

    def _flat(self, use) -> str:
        return snapshots.url_key_map(self.version)[use.entry.key]

    @staticmethod
    def _fix(access, flat: str, use):
        found = flat_field_of(access, flat)
        if found is None:
            return None
        receiver, spelling = found
        deprecated_receiver = use.entry.receiver if use.entry.receiver is not None else use.alias.receiver
        if deprecated_receiver is None or code_of(receiver) != code_of(deprecated_receiver):
            return None
        if spelling == "attribute":
            return cst.Attribute(value=receiver, attr=cst.Name(flat))
        return cst.Subscript(value=receiver, slice=[cst.SubscriptElement(cst.Index(cst.SimpleString(f'"{flat}"')))])
