from __future__ import annotations

from apptlint.payload import snapshots
from apptlint.code.rule import Invalid
from apptlint.code.urls_access import UrlsUseRule

DESCRIPTIONS = {
    "index": "indexes it with {detail}",
    "iterate": "iterates over it",
    "len": "takes its len()",
    "truthiness": "tests its truthiness",
    "assign": "assigns to it",
    "del": "deletes it",
    "other": "uses the whole list",
}


class DeprecatedUrlsOtherUse(UrlsUseRule):
    """
    ## What it does
    Finds uses of a deprecated `urls` list that no mechanical rewrite covers: iterating it,
    `len()`, an index other than `[0]`, truthiness tests, passing the whole list on, and
    assignments to it or `del` of it, in any spelling APT001 recognises (aliases, helpers, paths spelled as
    data such as `"urls.cancel[1]"` or `payload__urls__join=[]`). Also uses of the whole `urls` object:
    `.values()`/`.items()`, a key no literal names, `"cancel" in appt["urls"]`, `"urls" in appt`,
    `del appt["urls"]`, `appt.pop("urls")`, comparing, returning, storing or passing it on. Those are reported
    only where the file shows that this value is this API's: its `urls` read with a deprecated key, or a flat
    field or list read on the same payload through any alias (not merely somewhere in the file).

    ## Why is this bad
    The nested `urls` lists are deprecated since 1.6.0. Each one now has exactly one canonical
    value in a flat `*_url` field, so code that treats it as a list of many, or writes to it,
    must be changed by hand.

    ## Example
    ```python
    for link in appt["urls"]["cancel"]:
        send(link)
    ```
    Use instead:
    ```python
    send(appt["cancel_url"])
    ```

    ## Fix safety
    Report only: there is no fix. Assignment targets and `del` are never rewritten, because a
    fix written for reads would break writes.
    """

    code = "APT002"
    name = "deprecated-urls-other-use"
    finish_order = 30
    finish_step = "rewrite the other uses of `urls` lists by hand (APT002)"
    summary = "Use of a deprecated `urls` list that needs a manual change"

    VALID = [
        # evidence about another value of the file does not make `result`'s urls this API's
        'def f(appt, result, version):\n    x = appt["cancel_url"]\n    return result.get("urls", {}).get(version, set())',
        'class Help:\n    urls = {"cancel": ["/help/cancel"]}\n    def all(self):\n        return list(self.urls.values())',
        'for i in range(3):\n    name = data["urls"][i]["filename"]',  # PyPI: a list of files, no evidence here
        "for url in self.urls.values():\n    yield url",  # a spider's dict of strings
        'match resp:\n    case {"urls": {"html": u}}:\n        pass',
        'x = appt["urls"]["cancel"][0]',
        'x = next(iter(appt["urls"]["cancel"]), None)',  # the first URL: APT001's
        'for info in data["urls"]:\n    print(info)',
        'n = len(data["urls"])',
        'html = repo["urls"]["html"]',
        'if self.urls["home"]:\n    pass',
        'del self.urls["home"]',
        'x = appt["cancel_url"]',
    ]
    INVALID = [
        Invalid(
            'def purge(appt):\n    if appt["cancel_url"]:\n        del appt["urls"]',
            line=3,
            column=13,
            message="deprecated `urls`: this code deletes it (the whole `urls` object); read the flat `*_url` field "
            "it needs instead",
        ),
        Invalid(
            'def has_join(appt):\n    x = appt["urls"]["ics"][0]\n    return "join" in appt["urls"]',
            line=3,
            column=22,
            message="deprecated `urls`: this code tests which entries it has (the whole `urls` object); read the flat "
            "`*_url` field it needs instead",
        ),
        Invalid(
            'def f(self, action):\n    return self._raw["urls"][action][0]\ndef g(self):\n'
            '    return self._raw["urls"]["cancel"][0]',
            line=2,
            column=12,
            message="deprecated `urls`: this code reads an entry whose key is not a literal; read the flat `*_url` field it needs instead",
        ),
        Invalid(
            'for link in appt["urls"].values():\n    print(link, appt["cancel_url"])',
            line=1,
            column=13,
            message="deprecated `urls`: this code iterates over every entry (`.values()`); read the flat `*_url` field it needs instead",
        ),
        Invalid(
            'import itertools\nall_links = itertools.chain.from_iterable(appt["urls"].values())\nx = appt["join_url"]',
            line=2,
            column=43,
            message="deprecated `urls`: this code iterates over every entry (`.values()`); read the flat `*_url` field it needs instead",
        ),
        Invalid(
            'match appt:\n    case {"urls": {"reschedule": [url, other]}}:\n        pass',
            line=2,
            column=20,
            message="deprecated `urls.reschedule`: this pattern destructures the list; match `reschedule_url` instead",
        ),
        Invalid(
            'for link in appt["urls"]["cancel"]:\n    print(link)',
            line=1,
            column=13,
            message="deprecated `urls.cancel`: this code iterates over it; use the single `cancel_url` field instead",
        ),
        Invalid(
            'n = len(appt["urls"]["ics"])',
            line=1,
            column=9,
            message="deprecated `urls.ics`: this code takes its len(); use the single `ics_url` field instead",
        ),
        Invalid(
            'x = appt["urls"]["cancel"][1]',
            line=1,
            column=5,
            message="deprecated `urls.cancel`: this code indexes it with [1]; use the single `cancel_url` field instead",
        ),
        Invalid(
            'x = appt["urls"]["cancel"][-1]',
            line=1,
            column=5,
            message="deprecated `urls.cancel`: this code indexes it with [-1]; use the single `cancel_url` field instead",
        ),
        Invalid(
            'if appt["urls"]["join"]:\n    pass',
            line=1,
            column=4,
            message="deprecated `urls.join`: this code tests its truthiness; use the single `join_url` field instead",
        ),
        Invalid(
            'ok = not appt.get("urls", {}).get("join")',
            line=1,
            column=10,
            message="deprecated `urls.join`: this code tests its truthiness; use the single `join_url` field instead",
        ),
        Invalid(
            'appt["urls"]["cancel"] = ["https://example.test/x"]',
            line=1,
            column=1,
            message="deprecated `urls.cancel`: this code assigns to it; use the single `cancel_url` field instead",
        ),
        Invalid(
            'appt["urls"]["cancel"][0] = "https://example.test/x"',
            line=1,
            column=1,
            message="deprecated `urls.cancel`: this code assigns to it; use the single `cancel_url` field instead",
        ),
        Invalid(
            'del appt["urls"]["cancel"]',
            line=1,
            column=5,
            message="deprecated `urls.cancel`: this code deletes it; use the single `cancel_url` field instead",
        ),
        Invalid(
            'links = list(appt["urls"]["reschedule"])',
            line=1,
            column=14,
            message="deprecated `urls.reschedule`: this code iterates over it; use the single `reschedule_url` field instead",
        ),
        Invalid(
            'def f(appt):\n    urls = appt["urls"]\n    return len(urls["cancel"])',
            line=3,
            column=16,
            message="deprecated `urls.cancel`: this code takes its len(); use the single `cancel_url` field instead",
        ),
    ]

    def check_use(self, use) -> None:
        if use.kind == "read0" or use.entry.key not in snapshots.url_key_map(self.version) or self.fallback_of(use):
            return
        flat = snapshots.url_key_map(self.version)[use.entry.key]
        what = DESCRIPTIONS[use.kind].format(detail=use.detail)
        self.report(
            use.node, f"deprecated `urls.{use.entry.key}`: this code {what}; use the single `{flat}` field instead"
        )

    def check_dynamic(self, node, detail: str) -> None:
        self.report(node, f"deprecated `urls`: this code {detail}; read the flat `*_url` field it needs instead")

    def check_pattern(self, node, key: str) -> None:
        flat = snapshots.url_key_map(self.version).get(key)
        instead = f"match `{flat}` instead" if flat else "it has no flat field"
        self.report(node, f"deprecated `urls.{key}`: this pattern destructures the list; {instead}")

    @classmethod
    def check_template(cls, template, settings):
        """A deprecated list used as a list: looped over, tested, counted, joined, or indexed past its first URL."""
        from apptlint.code.templates.model import TemplateHit
        from apptlint.code.templates.urls_chains import template_aliases, urls_uses

        mapping = snapshots.url_key_map(settings.target_version)
        for use in urls_uses(template.chains, settings.target_version, template_aliases(template.source)):
            flat = mapping.get(use.key.key)
            if use.first_read_end is not None or flat is None:
                continue  # APT001 (a first-URL read) or APT003 (a key without a flat field)
            how = {"loop": "looped over", "test": "tested"}.get(use.chain.context, "used as a list")
            if use.chain.filters and not use.rest:
                how = f"passed to `|{use.chain.filters[0][0]}`"
            elif use.rest:
                how = "indexed past its first URL" if use.rest[0].kind == "index" else "used as a list"
            yield TemplateHit(
                use.urls.start, use.key.end, f"deprecated `urls.{use.key.key}` {how}; read `{flat}` instead"
            )
