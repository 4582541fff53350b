from __future__ import annotations

import re
from functools import lru_cache

import libcst as cst

from apptlint.code.host_patterns import PLACEHOLDER, code_string, joined
from apptlint.code.rule import CodeRule, Invalid, host_alternatives, host_labels

# Before a host: `scheme://`, `//`, or `//user@`.
AFTER_SLASHES = re.compile(r"//(?:[^\s/@]*@)?$")
# A host written without `//` still counts when a path or port follows it and it starts a word.
PATH_OR_PORT = re.compile(r"/|:\d")
WORD_START = set(" \t\r\n\"'(<[")


@lru_cache(maxsize=None)
def host_regex(hosts: tuple[str, ...]) -> re.Pattern:
    """One of `hosts` or a subdomain of one, on label boundaries (a run-time piece may be a label)."""
    names = "|".join(re.escape(h) for h in sorted(set(hosts), key=len, reverse=True))
    label = rf"[a-z0-9{PLACEHOLDER}_-]"
    starts = rf"(?<![a-z0-9.{PLACEHOLDER}_-])"  # nothing of a longer name before it
    ends = rf"(?![a-z0-9_-]|\.[a-z0-9{PLACEHOLDER}])"  # nor after it
    return re.compile(rf"{starts}(?:{label}+\.)*(?:{names}){ends}", re.IGNORECASE)


def url_hosts(text: str, hosts: tuple[str, ...]) -> list[str]:
    """The hosts in `text` that sit in a URL: after `//`, or starting a word and followed by a path
    or port. An e-mail address or a bare mention (`"savvycal.com"`) is no URL."""
    found = []
    for match in host_regex(hosts).finditer(text):
        before, after = text[: match.start()], text[match.end() :]
        in_url = AFTER_SLASHES.search(before) is not None or (
            PATH_OR_PORT.match(after) is not None and (not before or before[-1] in WORD_START)
        )
        host = match.group().replace(PLACEHOLDER, "{...}").lower()
        if in_url and host not in found:
            found.append(host)
    return found


class HardCodedHost(CodeRule):
    """
    ## What it does
    Finds URLs in code whose host is the app's canonical host (`savvycal.com` or one of its
    subdomains, such as `app.savvycal.com`) or one of the hosts listed under `hosts` in
    `[tool.apptlint]` (subdomains included). String and bytes literals, the literal parts of
    f-strings, `+` and implicit concatenations are all searched; a concatenation is reported
    once, as a whole. Hosts match on label boundaries, so `notsavvycal.com` and
    `savvycal.com.example.net` do not count, and neither do e-mail addresses, comments,
    docstrings or other strings that stand alone as a statement.

    ## Why is this bad
    Appointment and booking-link URLs are served from the account's own host: with a custom
    domain, `cancel_url` may be `https://book.acme.com/c/appointments/...`. A URL built on a
    fixed host sends clients of such accounts to the wrong place. The API already returns
    every link ready to use.

    ## Example
    ```python
    BASE = "https://app.savvycal.com"
    cancel = f"{BASE}/c/appointments/{appt['id']}/cancel"
    ```
    Use instead:
    ```python
    cancel = appt["cancel_url"]
    ```

    ## Fix safety
    Report only: there is no fix. Which field replaces a hard-coded URL depends on what the
    code does with it.
    """

    code = "APT101"
    name = "hard-coded-host"
    finish_order = 40
    finish_step = "stop assuming the host: use the URL fields the API returns (APT101-APT103)"
    summary = "URL with a hard-coded app host; read the URL fields the API returns"
    fixable = False
    tokens = ("savvycal.com",)

    VALID = [
        'EMAIL = "help@savvycal.com"',
        'x = "https://notsavvycal.com/c/book/1"',
        'x = "https://savvycal.com.evil.test/c/book/1"',
        'x = "https://example.com/?ref=savvycal.com"',
        'x = "savvycal.com"',  # a bare host is not a URL
        'x = "Thanks for using savvycal.com!"',
        'x = "https://mysavvycal.community/x"',
        '"""Links look like https://app.savvycal.com/c/book/ID."""',
        'def f():\n    """See https://savvycal.com/docs."""\n    return 1',
        'class C:\n    """https://savvycal.com"""',
        "x = 1  # https://app.savvycal.com/c/book/abc",
        'x = f"https://{host}/c/book/{link_id}"',
        'x = "https://book.acme.com/c/book/1"',  # not configured here
        'x = "https://" + host + "/savvycal"',
        'x = f"https://savvycal.com.{tld}/x"',  # the host may go on: not savvycal.com
        'x = "https://example.com/savvycal.com/x"',  # a path segment, not a host
    ]
    INVALID = [
        Invalid(
            'BASE = "https://app.savvycal.com"',
            line=1,
            column=8,
            message="hard-coded host `app.savvycal.com` in a URL: the host varies per account (custom domains); use the URL fields the API returns (`*_url` on appointments, `url` on booking links)",
        ),
        Invalid(
            'x = "https://savvycal.com"',
            line=1,
            column=5,
            message="hard-coded host `savvycal.com` in a URL: the host varies per account (custom domains); use the URL fields the API returns (`*_url` on appointments, `url` on booking links)",
        ),
        Invalid(
            'x = "http://SavvyCal.com/x"  # savvycal.com',
            line=1,
            column=5,
            message="hard-coded host `savvycal.com` in a URL: the host varies per account (custom domains); use the URL fields the API returns (`*_url` on appointments, `url` on booking links)",
        ),  # the prefilter needs the lower-case host
        Invalid(
            'x = "//app.savvycal.com/x"',
            line=1,
            column=5,
            message="hard-coded host `app.savvycal.com` in a URL: the host varies per account (custom domains); use the URL fields the API returns (`*_url` on appointments, `url` on booking links)",
        ),
        Invalid(
            'x = "app.savvycal.com/c/book/abc"',
            line=1,
            column=5,
            message="hard-coded host `app.savvycal.com` in a URL: the host varies per account (custom domains); use the URL fields the API returns (`*_url` on appointments, `url` on booking links)",
        ),
        Invalid(
            'x = "savvycal.com:443"',
            line=1,
            column=5,
            message="hard-coded host `savvycal.com` in a URL: the host varies per account (custom domains); use the URL fields the API returns (`*_url` on appointments, `url` on booking links)",
        ),
        Invalid(
            'x = b"https://savvycal.com/api"',
            line=1,
            column=5,
            message="hard-coded host `savvycal.com` in a URL: the host varies per account (custom domains); use the URL fields the API returns (`*_url` on appointments, `url` on booking links)",
        ),
        Invalid(
            'x = f"https://savvycal.com/c/book/{link_id}"',
            line=1,
            column=5,
            message="hard-coded host `savvycal.com` in a URL: the host varies per account (custom domains); use the URL fields the API returns (`*_url` on appointments, `url` on booking links)",
        ),
        Invalid(
            'x = f"https://{team}.savvycal.com/c/book/{link_id}"',
            line=1,
            column=5,
            message="hard-coded host `{...}.savvycal.com` in a URL: the host varies per account (custom domains); use the URL fields the API returns (`*_url` on appointments, `url` on booking links)",
        ),
        Invalid(
            'x = "https://" + "savvycal.com/c/appointments/" + appt_id',
            line=1,
            column=5,
            message="hard-coded host `savvycal.com` in a URL: the host varies per account (custom domains); use the URL fields the API returns (`*_url` on appointments, `url` on booking links)",
        ),
        Invalid(
            'x = ("https://app."\n     "savvycal.com/x")',
            line=1,
            column=6,
            message="hard-coded host `app.savvycal.com` in a URL: the host varies per account (custom domains); use the URL fields the API returns (`*_url` on appointments, `url` on booking links)",
        ),
        Invalid(
            'x = "https://user@savvycal.com/x"',
            line=1,
            column=5,
            message="hard-coded host `savvycal.com` in a URL: the host varies per account (custom domains); use the URL fields the API returns (`*_url` on appointments, `url` on booking links)",
        ),
        Invalid(
            'x = "https://savvycal.com/a" + "https://app.savvycal.com/b"',
            line=1,
            column=5,
            message="hard-coded hosts `savvycal.com`, `app.savvycal.com` in a URL: the host varies per account (custom domains); use the URL fields the API returns (`*_url` on appointments, `url` on booking links)",
        ),  # one report, both hosts
        Invalid(
            'redirect("https://example.com/go?next=https://savvycal.com/x")',
            line=1,
            column=10,
            message="hard-coded host `savvycal.com` in a URL: the host varies per account (custom domains); use the URL fields the API returns (`*_url` on appointments, `url` on booking links)",
        ),
        Invalid(
            'def f():\n    """Docs."""\n    return "https://savvycal.com/x"',
            line=3,
            column=12,
            message="hard-coded host `savvycal.com` in a URL: the host varies per account (custom domains); use the URL fields the API returns (`*_url` on appointments, `url` on booking links)",
        ),
    ]

    @classmethod
    def prefilter_tokens(cls, hosts) -> tuple[str, ...]:
        return tuple(hosts)

    @classmethod
    def template_tokens(cls, hosts) -> tuple[str, ...]:
        # A host's first label: a Jinja `~` chain may join the rest on.
        return host_labels(hosts)

    @classmethod
    def prefilter_alternatives(cls, hosts) -> list:
        return host_alternatives(hosts)  # hosts are case-insensitive

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        self._check(node)

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> None:
        self._check(node)

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        self._check(node)

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        self._check(node)

    def _check(self, node: cst.BaseExpression) -> None:
        segments = code_string(self, node)
        if segments is None:
            return
        hosts = url_hosts(joined(segments), self.settings.all_hosts)
        if hosts:
            named = ", ".join(f"`{h}`" for h in hosts)
            noun = "host" if len(hosts) == 1 else "hosts"
            self.report(
                node,
                f"hard-coded {noun} {named} in a URL: the host varies per account (custom domains); "
                "use the URL fields the API returns (`*_url` on appointments, `url` on booking links)",
            )

    @classmethod
    def check_template(cls, template, settings):
        """The host in markup (`href="https://app.savvycal.com/..."`) and in string literals of expressions."""
        from apptlint.code.templates.model import TemplateHit

        for text in template.texts:
            joined_text = text.joined
            seen = set()
            for match in host_regex(settings.all_hosts).finditer(joined_text):
                before, after = joined_text[: match.start()], joined_text[match.end() :]
                in_url = AFTER_SLASHES.search(before) is not None or (
                    PATH_OR_PORT.match(after) is not None and (not before or before[-1] in WORD_START)
                )
                host = match.group().replace(PLACEHOLDER, "{...}").lower()
                if not in_url or (host, text.in_markup) in seen:
                    continue
                seen.add((host, text.in_markup))
                start = text.offset(match.start())
                yield TemplateHit(
                    start,
                    text.offset(match.end() - 1) + 1,
                    f"hard-coded host `{host}` in a URL: the host varies per account (custom domains); "
                    "use the URL fields the API returns (`*_url` on appointments, `url` on booking links)",
                )
