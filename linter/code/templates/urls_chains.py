"""Which template lookup chains read a deprecated `urls` list, and how: shared by APT001-APT003."""

from __future__ import annotations

import re
from dataclasses import dataclass

from apptlint.code.templates.model import Chain, Step
from apptlint.payload import snapshots

# Receivers whose `urls` is not an appointment's: the request's resolver, the app's settings.
OTHER_URLS = frozenset({"request", "settings", "config", "app", "site"})


@dataclass(frozen=True)
class UrlsUse:
    chain: Chain
    urls: Step  # the `.urls` / `["urls"]` step
    key: Step  # the deprecated key after it
    rest: list[Step]  # the steps after the key
    through_alias: bool = False  # `links.cancel[0]` after `{% set links = appt.urls %}`: no payload to rewrite onto

    @property
    def first_read_end(self) -> int | None:
        """Where a read of the list's first URL ends (`[0]`, `.0`, or a `|first` right after it); else None."""
        if self.rest and self.rest[0].kind == "index" and self.rest[0].key == "0":
            return self.rest[0].end
        if not self.rest and self.chain.filters and self.chain.filters[0][0] == "first":
            return self.chain.filters[0][2]
        return None

    def spelled(self, name: str) -> str:
        """`name` as the template spells the lookup it replaces: `.cancel_url`, or `["cancel_url"]`."""
        if self.urls.kind == "item":
            quote = self.urls.quote or '"'
            return f"[{quote}{name}{quote}]"
        return f".{name}"


# `{% set links = appt.urls %}` (Jinja), `{% with links=appt.urls %}` / `{% with appt.urls as links %}` (Django).
_ALIASES = (
    re.compile(r"{%-?\s*set\s+(?P<name>\w+)\s*=\s*(?P<owner>\w+)[\w.]*?(?:\.urls|\[[\"']urls[\"']\])\s*-?%}"),
    re.compile(r"{%\s*with\b[^%]*?\b(?P<name>\w+)=(?P<owner>\w+)[\w.]*?\.urls(?=\s|%)"),
    re.compile(r"{%\s*with\s+(?P<owner>\w+)[\w.]*?\.urls\s+as\s+(?P<name>\w+)\s*%}"),
)


def template_aliases(source: str) -> frozenset[str]:
    """Names a template binds to a whole `urls` object (not the request's or the settings')."""
    if "urls" not in source:
        return frozenset()
    return frozenset(
        m.group("name") for pattern in _ALIASES for m in pattern.finditer(source) if m.group("owner") not in OTHER_URLS
    )


def urls_uses(chains: list[Chain], version: str | None = None, aliases: frozenset[str] = frozenset()) -> list[UrlsUse]:
    keys = {key for listed in snapshots.deprecated_url_keys(version).values() for key in listed}
    found = []
    for chain in chains:
        if chain.receiver in OTHER_URLS:
            continue
        if chain.receiver in aliases and chain.steps and chain.steps[0].key in keys:
            alias = Step(chain.receiver, "alias", chain.start, chain.start + len(chain.receiver))
            found.append(UrlsUse(chain, alias, chain.steps[0], chain.steps[1:], through_alias=True))
            continue
        for i, step in enumerate(chain.steps[:-1]):
            key = chain.steps[i + 1]
            if (
                step.key == "urls"
                and step.kind in ("attr", "item")
                and key.kind in ("attr", "item")
                and key.key in keys
            ):
                found.append(UrlsUse(chain, step, key, chain.steps[i + 2 :]))
                break
    return found
