from __future__ import annotations

import functools
import re
from collections.abc import Callable

import libcst as cst

from apptlint.code.host_patterns import literal_text
from apptlint.code.tree import code_of
from apptlint.code.rule import CodeRule, Invalid, host_alternatives, host_labels
from apptlint.code.urls_access import UrlsUseRule
from apptlint.payload import snapshots

# URL parsers (stdlib, yarl/httpx `URL`, furl, urllib3, tldextract) and the parts of their results that are hosts.
PARSERS = {"urlparse", "urlsplit", "URL", "furl", "parse_url", "extract", "urlparse_cached"}
HOST_PARTS = {"netloc", "hostname", "host", "registered_domain", "domain", "fqdn", "raw_host"}
# Methods that give a parsed URL another host (yarl, httpx, furl, and the stdlib's `_replace`).
HOST_SWAPS = {"with_host", "with_netloc", "copy_with", "set"}
# String methods that cut a host apart: `host.removesuffix(".savvycal.com")`.
HOST_CUTS = {"removesuffix", "removeprefix", "rstrip", "lstrip", "strip", "split", "rsplit", "partition", "rpartition"}
# Matching methods of query builders on a URL column: `Appt.cancel_url.like("https://savvycal.com/%")`.
COLUMN_MATCHES = {"like", "ilike", "notlike", "notilike", "contains", "regexp_match"}
# `filter(cancel_url__startswith="https://savvycal.com")` (Django lookups on a URL field).
LOOKUP = re.compile(r"(?:^|__)(?P<field>\w+?)__(?:i?(?:startswith|endswith|contains|exact|regex))$")
SQL_MATCH = re.compile(r"(?i)\b(?:i?like|similar\s+to|split_part|substring|regexp_\w+|replace|~\*?)\b")
# SQL that takes the host out of a URL column: `split_part(doc->>'cancel_url', '/', 3)`
SQL_HOST_OUT = re.compile(r"(?i)\bsplit_part\s*\([^,()]*_url\b[^,()]*,\s*'/'\s*,\s*3\s*\)")
RE_FUNCTIONS = {"match", "search", "fullmatch", "compile", "sub", "subn", "findall", "finditer", "split"}
# Top-level domains that make `label.tld` read as a host rather than a file name (`settings.py`).
TLDS = (
    "com",
    "net",
    "org",
    "io",
    "co",
    "app",
    "dev",
    "ai",
    "me",
    "info",
    "biz",
    "cloud",
    "site",
    "online",
    "xyz",
    "tech",
    "edu",
    "gov",
    "test",
    "example",
    "invalid",
    "localhost",
    "us",
    "uk",
    "ca",
    "de",
    "fr",
    "eu",
    "nl",
    "au",
    "nz",
    "ie",
    "ch",
    "se",
    "jp",
)
DOMAIN = rf"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{'|'.join(TLDS)})"
HOST_LITERAL = re.compile(rf"\.?{DOMAIN}(?::\d+)?(?:/.*)?", re.IGNORECASE | re.DOTALL)
URL_WITH_HOST = re.compile(r"(?:^//|://)[^/\s?#]")

WHY = "the host varies per account (custom domains); treat the `*_url`/`url` fields the API returns as opaque"


def final_name(node) -> str | None:
    """`x` for `x`, `a.b.x`, `a["x"]` and `a.get("x")`."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        return literal_text(node.slice[0].slice.value)
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "get":
        return literal_text(node.args[0].value) if node.args else None
    return None


def is_url_name(name: str | None) -> bool:
    return name is not None and (name.lower() == "url" or name.lower().endswith("_url"))


HOST_NAMES = {"host", "hostname", "netloc", "domain", "host_name"}
LINK_WORDS = ("link", "booking")
# Words in a file that show it deals with this API, so that a bare `link.url` there is a booking link's.
API_WORDS = re.compile(rb"booking|savvycal|appointment")
SERVER_SIDE = {"request", "req", "environ", "headers", "meta"}


def is_api_url(node, flat_names: frozenset[str], generic_links: Callable[[], bool] = lambda: True) -> bool:
    """Is `node` an appointment or booking-link URL of this API?

    A flat field (`appt["cancel_url"]`, `cancel_url`, `appt.get("join_url")`), a deprecated `urls` entry's first
    URL, or a booking link's `url` (`link.url`, `booking_link["url"]`, `BOOKING_URL`). Another service's `url`
    (`session.url`) is not. A `url` whose owner is only some `*link*` (`source_link.url`, `download_link.url`) is
    a booking link's only where `generic_links()` says the file deals with this API at all (asked only then): pip's
    and Sphinx's links are not.
    """
    from apptlint.code.urls_access import match_entry

    if isinstance(node, cst.Subscript) and match_entry(node.value) is not None:
        return True
    name = final_name(node)
    if name is None:
        return False
    lowered = name.lower()
    if lowered in flat_names:
        # `appt["meeting"]["join_url"]` is the conferencing provider's link; `invitee["cancel_url"]` Calendly's.
        return not any(word in (_owner_name(node) or "").lower() for word in OTHER_OWNERS)
    if not is_url_name(name):
        return False
    words = lowered + " " + (_owner_name(node) or "").lower()
    booking, link = LINK_WORDS[1], LINK_WORDS[0]
    return booking in words or (link in words and generic_links())


def _api_parameter_uses(module: cst.Module, flat_names: frozenset[str], generic_links: Callable[[], bool]) -> set:
    """id() of each Name, inside a function of this file, that reads a parameter every call in the file passes
    this API's URL."""
    functions: dict[str, list] = {}
    passed: dict[tuple[str, int], list[bool]] = {}

    class Collect(cst.CSTVisitor):
        def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
            functions.setdefault(node.name.value, []).append(node)

        def visit_Call(self, node: cst.Call) -> None:
            func = node.func
            name = (
                func.value
                if isinstance(func, cst.Name)
                else func.attr.value
                if isinstance(func, cst.Attribute)
                else None
            )
            if name is None:
                return
            for i, arg in enumerate(a for a in node.args if a.keyword is None and not a.star):
                passed.setdefault((name, i), []).append(is_api_url(arg.value, flat_names, generic_links))

    module.visit(Collect())
    uses: set = set()
    for (name, index), urls in passed.items():
        if not all(urls) or len(functions.get(name, ())) != 1:
            continue
        function = functions[name][0]
        params = [p.name.value for p in (*function.params.posonly_params, *function.params.params)]
        if params and params[0] in ("self", "cls"):
            params = params[1:]
        if index < len(params):
            uses |= _reads_of(function, params[index])
    return uses


def _reads_of(function: cst.FunctionDef, name: str) -> set:
    found: set = set()

    class Reads(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            if node.value == name:
                found.add(id(node))

        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return node is function  # a nested function may shadow the name: not followed

    function.visit(Reads())
    return found


def _outermost_default(rule, node):
    """`(urlparse(u).hostname or "")` around `node`, if any."""
    parent = rule.parent(node)
    while isinstance(parent, cst.BooleanOperation) and parent.left is node:
        node, parent = parent, rule.parent(parent)
    return node


def _unwrap_default(node):
    """`(urlparse(u).hostname or "")` -> `urlparse(u).hostname`."""
    while isinstance(node, cst.BooleanOperation) and isinstance(node.operator, cst.Or):
        node = node.left
    return node


# Owners whose `join_url`/`cancel_url` belong to another service: a conferencing provider, Calendly, Stripe.
OTHER_OWNERS = ("meeting", "conferenc", "zoom", "invitee", "calendly", "stripe", "checkout")


def _owner_name(node) -> str | None:
    owner = (
        node.value
        if isinstance(node, (cst.Attribute, cst.Subscript))
        else node.func.value
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)
        else None
    )
    return final_name(owner) if owner is not None else None


def is_url_with_host(text: str) -> bool:
    """`https://host...` or `//host...`; a bare scheme (`"https://"`) only tests that a URL is absolute."""
    return URL_WITH_HOST.search(text) is not None


def arg_strings(node) -> list[str]:
    """The literal strings of `"x"` or of a tuple/list/set of them."""
    if isinstance(node, (cst.Tuple, cst.List, cst.Set)):
        return [t for t in (literal_text(e.value) for e in node.elements) if t is not None]
    text = literal_text(node)
    return [] if text is None else [text]


class HostDependentLogic(CodeRule):
    """
    ## What it does
    Finds code whose behaviour depends on the host of an appointment or booking URL. It is this rule's
    business when the host is the app's canonical host (`savvycal.com` or a subdomain) or a configured
    `hosts` entry, or when the URL is this API's: a flat `*_url` field of the snapshot (`appt["cancel_url"]`,
    `cancel_url`, `appt.get("join_url")`), a deprecated `urls` entry, or a booking link's `url` (`link.url`,
    `booking_link["url"]`, `BOOKING_URL`). Another service's host compared with another service's URL
    (`urlparse(session.url).netloc != "checkout.stripe.com"`, `parsed.hostname == "github.com"`,
    `"@" in parsed.netloc`) is not, and neither is the host a request was served on (`request.host`).

    The forms: the `netloc`/`hostname` of `urlparse(...)`/`urlsplit(...)` (or of a name bound to one), or a
    value named `host`/`hostname`/`netloc`/`domain`, compared (`==`, `!=`, `in`, `not in`, `startswith`,
    `endswith`) with the app's host, directly or through a module or class constant (`ALLOWED_HOSTS = {...}`,
    `url.startswith(PREFIXES)`); the host of this API's URL compared with anything, a settings value included;
    `"savvycal.com" in url`; `startswith`/`endswith` and `.replace()` with a URL or host literal on this API's
    URL or naming the app's host; `parts._replace(netloc=...)` and `re.sub("^https://...", ..., x_url)` on this
    API's URL; regular expressions whose pattern spells out the app's host (`savvycal\\.com`); and taking the
    host out of this API's URL by hand with `x_url.split("/")[2]`. Also: the parsers of yarl and httpx (`URL`),
    furl, urllib3 (`parse_url`) and tldextract (`extract(...).registered_domain`), and `(... or "")` around them;
    a host taken out of this API's URL and used for anything (a tally, a report, a cache key); the hosts of two
    of this API's URLs compared; `host.removesuffix(".savvycal.com")` and other cuts of the app's host; host swaps
    (`URL(u).with_host(...)`, furl's `set(host=...)`, httpx's `copy_with(host=...)`); query-builder matches
    (`Appt.cancel_url.like("https://savvycal.com/%")`) and Django lookups (`cancel_url__startswith=...`) on a
    URL field against the app's host; SQL text that matches a URL against it (`LIKE`, `split_part`); and a call
    that checks one of this API's URLs against the app's host (`url_has_allowed_host_and_scheme(u,
    allowed_hosts={"app.savvycal.com"})`). A flat-named field of a conferencing provider, Calendly or Stripe
    object (`appt["meeting"]["join_url"]`, `invitee["cancel_url"]`) is not this API's URL, and neither is a URL
    whose host the code compares with another service's host.

    ## Why is this bad
    The links in appointments and booking links are served from the account's own host, so
    an account with a custom domain gets `https://book.acme.com/...` instead of
    `https://savvycal.com/...`. Code that recognises, rewrites or extracts the host breaks for
    those accounts. The API returns each link ready to use: pass it on as it is.

    ## Example
    ```python
    if urlparse(appt["cancel_url"]).netloc == "savvycal.com":
        link = appt["cancel_url"].replace("https://savvycal.com", MY_PROXY)
    ```
    Use instead:
    ```python
    link = appt["cancel_url"]
    ```

    ## Fix safety
    Report only: there is no fix. What the code should do instead depends on why it looked
    at the host.
    """

    code = "APT102"
    name = "host-dependent-logic"
    finish_order = 40
    finish_step = "stop assuming the host: use the URL fields the API returns (APT101-APT103)"
    summary = "Logic that depends on the host of an appointment or booking URL"
    fixable = False
    tokens = ("netloc", "hostname", "split")

    @classmethod
    def prefilter_alternatives(cls, hosts) -> list:
        # Every form needs this API's URL or the app's host in the file (see "What it does"): a flat field, a
        # booking link's url or a host literal (`named`), or a deprecated urls entry (UrlsUseRule's own screen).
        # Without that evidence, libraries that compare hosts all day (requests, pip, Django) would be parsed
        # for nothing.
        named = functools.partial(_evidence, hosts)
        urls_entry = UrlsUseRule.prefilter_for(hosts).alternatives
        # a parsed URL's host compared with a literal, either way round
        host_compared = (
            rb"\.\s*(?:netloc|hostname)\s*(?:==|!=|(?:not\s+)?in\b|\.\s*(?:startswith|endswith)\()"
            rb"|[\"']\s*(?:==|!=|(?:not\s+)?in)\s[^\n]*\.\s*(?:netloc|hostname)\b"
        )
        forms = [
            *[
                ((part, parser), (host_compared,))
                for part in (b"netloc", b"hostname")
                for parser in (b"urlparse", b"urlsplit")
            ],
            # parts._replace(netloc=...) and re.sub("^https://...", ..., x_url) on a parsed URL
            # (the rarer word first: it is the screen every file meets)
            ((b"netloc", b"_replace"), (rb"_replace\(",)),
            ((b"sub(", b"://"), (rb"subn?\(\s*(?:pattern\s*=\s*)?[rRbBuU]*[\"']\^?[a-z]*://",)),
            # x_url.split("/")[2]
            ((b"split",), (rb"split\(\s*[rRbBuU]*[\"']/[\"']\s*\)\s*\[\s*2\s*\]",)),
            # a literal naming the app's (or a configured) host
            *host_alternatives(hosts),
            # SQL's split_part, pandas' .str.extract/.replace/.split, a compiled regex's .sub
            ((b"split_part",), ()),
            ((b".str",), (rb"\.str\s*\.\s*(?:extract|extractall|replace|split)\b",)),
            ((b"compile",), (rb"\.\s*subn?\(",)),
            # a host taken out of (or swapped into) a parsed URL, whatever parses it: urlparse, yarl, furl, httpx,
            # tldextract (used for anything; the rule then asks that the URL be this API's)
            *[
                (
                    (gate,),
                    (
                        rb"\.\s*(?:netloc|hostname|host|registered_domain|domain|fqdn|raw_host)\b"
                        rb"|with_(?:host|netloc)\(|\bhost\s*=",
                    ),
                )
                for gate in (b"host", b"netloc", b"domain")
            ],
            # startswith/endswith/replace called on a URL field (x_url, x["x_url"], link.url)
            # whose first argument is a collection, a literal that looks like a URL or a host, or a literal
            # joined to another (the rule only judges literal arguments)
            # (x_URL too; x.get("x_url", "") too; comments, line continuations, a keyword or * before the argument)
            (
                (b"url",),
                (
                    rb"(?i)url\b[\"']?(?:\s*,[^()\n]*)?\)?\]?\s*\.\s*(?:startswith|endswith|replace)\("
                    rb"(?:\s|\\|#[^\n]*)*(?:\w+\s*=\s*|\*\s*)?(?:[(\[{]"
                    rb"|[rbuf]*(?:\"\"\"|'''|\"|')(?:[^\"'\n]*://|//|\.?[a-z0-9-]+\.)"
                    rb"|[rbuf]*[\"'][^\"'\n]*[\"']\s*(?:\+|[rbuf]*[\"']))",
                    # ...and somewhere a literal URL with a host, or a literal that is a host
                    rb"://[^/\s?#\"']|[\"']//[^/\s?#\"']|[\"']\.?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::\d+)?(?:/[^\"'\n]*)?[\"']",
                ),
            ),
        ]
        return [
            (gates + more_gates, patterns + evidence)
            for gates, patterns in forms
            for more_gates, evidence in [((), (named,)), *urls_entry]
        ]

    VALID = [
        # pip's: a link's url is a booking link's only in a file that deals with this API
        "hostname = urllib.parse.urlsplit(source_link.url).hostname",
        'def host_of(url):\n    return urlsplit(url).hostname == "github.com"\nhost_of(session.url)',  # not ours
        'ok = urlparse(appt["meeting"]["join_url"]).netloc.endswith("zoom.us")',  # the provider's meeting link
        'ok = urlparse(invitee["cancel_url"]).netloc == "calendly.com"',  # Calendly's URL, its own host
        'ok = urlparse(session.url).netloc != "checkout.stripe.com"',  # Stripe's host and Stripe's URL
        "ok = 'pypi.org' in t.netloc",
        "ok = '@' in parsed.netloc",  # a user-name check
        "ok = parsed.hostname == 'github.com'",
        'ok = url_parts.netloc != "localhost"',
        "ok = url.startswith('file://localhost/')",
        "parts = urlsplit(callback_url)\nnew = parts._replace(netloc=proxy)",  # not this API's URL
        'ok = path.startswith("/api")',
        'ok = url.startswith(("http://", "https://"))',  # absolute or not: no host involved
        'ok = url.startswith("//")',
        'name = name.replace("a", "b")',
        'new = url.replace("http://", "https://")',
        'out = filename.replace("settings.py", "local.py")',
        'part = s.split("/")[2]',
        'part = cancel_url.split("/")[1]',
        'part = appt["cancel_url"].split("?")[0]',
        'import re\nDIGITS = re.compile(r"\\d+")',
        'import re\nPY = re.compile(r"^(\\w+)\\.py$")',
        'import re\nm = re.match(r"/c/appointments/([^/]+)/cancel", path)',
        'relative = urlparse(u).netloc == ""',
        "same = urlparse(a).netloc == urlparse(b).netloc",
        'scheme = urlparse(u).scheme == "https"',
        'ok = request.host == "savvycal.com"',
        'import re\nGITHUB = re.compile(r"github\\.com/(\\w+)")',  # not the app's host
        'ok = path.startswith("https://github.com/")',  # not a URL field, not the app's host
        'text = body.replace("example.com", "example.org")',
    ]
    INVALID = [
        Invalid(
            'HOST_RE = re.compile(r"^https://[^/]+")\nshort = HOST_RE.sub("https://go.example", appt["cancel_url"])',
            line=2,
            column=9,
            message=f"`sub` rewrites the host of an appointment or booking URL: {WHY}",
        ),
        Invalid(
            'links["host"] = links["cancel_url"].str.extract(r"^https?://([^/]+)/")',
            line=1,
            column=17,
            message=f"takes the host out of an appointment or booking URL column: {WHY}",
        ),
        Invalid(
            "SQL = \"SELECT split_part(doc->>'cancel_url', '/', 3) AS host FROM appts\"",
            line=1,
            column=7,
            message=f"SQL takes the host out of an appointment URL: {WHY}",
        ),
        Invalid(
            'def brand(url):\n    parts = urlsplit(url)\n    return parts.hostname == BRAND\nbrand(appt["cancel_url"])',
            line=3,
            column=12,
            message=f"compares the host of an appointment or booking URL: {WHY}",
        ),
        Invalid(
            'host = urlsplit(appt["join_url"]).hostname or ""\nslug = host.removesuffix(".savvycal.com")',
            line=2,
            column=8,
            message=f"`removesuffix` cuts the app's host out of a URL's host: {WHY}",
        ),
        Invalid(
            'same = urlparse(a["cancel_url"]).netloc == urlparse(a["join_url"]).netloc',
            line=1,
            column=8,
            message=f"compares the host of an appointment or booking URL: {WHY}",
        ),
        Invalid(
            'tally = Counter(urlparse(a["ics_url"]).netloc for a in appts)',
            line=1,
            column=17,
            message=f"takes the host out of an appointment or booking URL: {WHY}",
        ),
        Invalid(
            'u = str(URL(appt["ics_url"]).with_host(BRAND))',
            line=1,
            column=9,
            message=f"swaps the host of an appointment or booking URL: {WHY}",
        ),
        Invalid(
            'q = select(Appt).where(Appt.cancel_url.like("https://savvycal.com/%"))',
            line=1,
            column=24,
            message=f"`like` matches a URL field against a host: {WHY}",
        ),
        Invalid(
            'qs = Appt.objects.filter(cancel_url__startswith="https://savvycal.com/")',
            line=1,
            column=26,
            message=f"a query matches a URL field against a host: {WHY}",
        ),
        Invalid(
            "SQL = \"SELECT id FROM appts WHERE cancel_url LIKE 'https://savvycal.com/%'\"",
            line=1,
            column=7,
            message=f"SQL matches a URL against the app's host: {WHY}",
        ),
        Invalid(
            'ALLOWED_HOSTS = {"savvycal.com", "app.savvycal.com"}\nok = hostname not in ALLOWED_HOSTS',
            line=2,
            column=6,
            message="compares a URL's host with a fixed value: the host varies per account (custom domains); treat the `*_url`/`url` fields the API returns as opaque",
        ),
        Invalid(
            'ok = host == "savvycal.com" or host.endswith(".savvycal.com")',
            line=1,
            column=6,
            message="compares a URL's host with a fixed value: the host varies per account (custom domains); treat the `*_url`/`url` fields the API returns as opaque",
        ),
        Invalid(
            'PREFIXES = ("https://savvycal.com/", "https://app.savvycal.com/")\nok = url.startswith(PREFIXES)',
            line=2,
            column=6,
            message="`startswith` with a URL that names a host: the host varies per account (custom domains); treat the `*_url`/`url` fields the API returns as opaque",
        ),
        Invalid(
            'ok = "savvycal.com" in url',
            line=1,
            column=6,
            message="looks for the app's host in a URL: the host varies per account (custom domains); treat the `*_url`/`url` fields the API returns as opaque",
        ),
        Invalid(
            'parts = urlsplit(appt["cancel_url"])\nnew = parts._replace(netloc="book.acme.com")',
            line=2,
            column=7,
            message="swaps the host of an appointment or booking URL: the host varies per account (custom domains); treat the `*_url`/`url` fields the API returns as opaque",
        ),
        Invalid(
            'import re\nx = re.sub(r"^https://[^/]+", "https://proxy", appt["join_url"])',
            line=2,
            column=5,
            message="`re.sub` rewrites the host of an appointment or booking URL: the host varies per account (custom domains); treat the `*_url`/`url` fields the API returns as opaque",
        ),
        Invalid(
            'ok = urlparse(appt["cancel_url"]).hostname == settings.APP_HOST',
            line=1,
            column=6,
            message="compares the host of an appointment or booking URL: the host varies per account (custom domains); treat the `*_url`/`url` fields the API returns as opaque",
        ),
        Invalid(
            'ok = urlparse(u).netloc == "savvycal.com"',
            line=1,
            column=6,
            message="compares a URL's host with a fixed value: the host varies per account (custom domains); treat the `*_url`/`url` fields the API returns as opaque",
        ),
        Invalid(
            'ok = urlsplit(u).hostname != "app.savvycal.com"',
            line=1,
            column=6,
            message="compares a URL's host with a fixed value: the host varies per account (custom domains); treat the `*_url`/`url` fields the API returns as opaque",
        ),
        Invalid(
            'ok = urllib.parse.urlparse(u).netloc in ("savvycal.com", "book.acme.com")',
            line=1,
            column=6,
            message="compares a URL's host with a fixed value: the host varies per account (custom domains); treat the `*_url`/`url` fields the API returns as opaque",
        ),
        Invalid(
            'ok = "savvycal.com" not in urlparse(u).netloc',
            line=1,
            column=6,
            message="compares a URL's host with a fixed value: the host varies per account (custom domains); treat the `*_url`/`url` fields the API returns as opaque",
        ),
        Invalid(
            'p = urlparse(u)\nok = p.hostname == "savvycal.com"',
            line=2,
            column=6,
            message="compares a URL's host with a fixed value: the host varies per account (custom domains); treat the `*_url`/`url` fields the API returns as opaque",
        ),
        Invalid(
            'ok = urlparse(u).hostname.endswith(".savvycal.com")',
            line=1,
            column=6,
            message="`endswith` on a URL's host: the host varies per account (custom domains); treat the `*_url`/`url` fields the API returns as opaque",
        ),
        Invalid(
            'ok = link.startswith("https://savvycal.com/c/book/")',
            line=1,
            column=6,
            message="`startswith` with a URL that names a host: the host varies per account (custom domains); treat the `*_url`/`url` fields the API returns as opaque",
        ),
        Invalid(
            'ok = link.endswith(("//book.acme.com", "//savvycal.com"))',
            line=1,
            column=6,
            message="`endswith` with a URL that names a host: the host varies per account (custom domains); treat the `*_url`/`url` fields the API returns as opaque",
        ),
        Invalid(
            'import re\nHOST = re.compile(r"https://(\\w+\\.)?savvycal\\.com")',
            line=2,
            column=8,
            message="`re.compile` pattern spells out a host: the host varies per account (custom domains); treat the `*_url`/`url` fields the API returns as opaque",
        ),
        Invalid(
            'import re\nm = re.search("app.savvycal.com/c/book/(.+)", url)',
            line=2,
            column=5,
            message="`re.search` pattern spells out a host: the host varies per account (custom domains); treat the `*_url`/`url` fields the API returns as opaque",
        ),
        Invalid(
            'ok = appt["cancel_url"].startswith("https://book.acme.com/")',
            line=1,
            column=6,
            message="`startswith` with a URL that names a host: the host varies per account (custom domains); treat the `*_url`/`url` fields the API returns as opaque",
        ),  # any host, on a URL field
        Invalid(
            'import re\nx = re.sub(pattern=r"savvycal\\.com", repl="acme.com", string=u)',
            line=2,
            column=5,
            message="`re.sub` pattern spells out a host: the host varies per account (custom domains); treat the `*_url`/`url` fields the API returns as opaque",
        ),
        Invalid(
            'from re import fullmatch\nok = fullmatch(r"app\\.savvycal\\.com", host)',
            line=2,
            column=6,
            message="`re.fullmatch` pattern spells out a host: the host varies per account (custom domains); treat the `*_url`/`url` fields the API returns as opaque",
        ),
        Invalid(
            'u = appt["cancel_url"].replace("savvycal.com", "book.acme.com")',
            line=1,
            column=5,
            message="`replace` of a host or URL: the host varies per account (custom domains); treat the `*_url`/`url` fields the API returns as opaque",
        ),
        Invalid(
            'u = link.url.replace("https://savvycal.com", base)',
            line=1,
            column=5,
            message="`replace` of a host or URL: the host varies per account (custom domains); treat the `*_url`/`url` fields the API returns as opaque",
        ),
        Invalid(
            'host = appt["cancel_url"].split("/")[2]',
            line=1,
            column=8,
            message="takes the host out of a URL field by hand: the host varies per account (custom domains); treat the `*_url`/`url` fields the API returns as opaque",
        ),
        Invalid(
            'host = cancel_url.split("/")[2]',
            line=1,
            column=8,
            message="takes the host out of a URL field by hand: the host varies per account (custom domains); treat the `*_url`/`url` fields the API returns as opaque",
        ),
        Invalid(
            'link = client.booking_links()[0]\nhost = link.url.split("/")[2]',
            line=2,
            column=8,
            message="takes the host out of a URL field by hand: the host varies per account (custom domains); treat the `*_url`/`url` fields the API returns as opaque",
        ),
        Invalid(
            'host = appt.get("join_url").split("/")[2]',
            line=1,
            column=8,
            message="takes the host out of a URL field by hand: the host varies per account (custom domains); treat the `*_url`/`url` fields the API returns as opaque",
        ),
        Invalid(
            'ok = cancel_url.startswith(  # old links\n    "https://book.acme.com/")',
            line=1,
            column=6,
            message="`startswith` with a URL that names a host: the host varies per account (custom domains); treat the `*_url`/`url` fields the API returns as opaque",
        ),
        Invalid(
            'ok = BOOKING_URL.startswith("https://book.acme.com/")',
            line=1,
            column=6,
            message="`startswith` with a URL that names a host: the host varies per account (custom domains); treat the `*_url`/`url` fields the API returns as opaque",
        ),
        Invalid(
            'ok = appt.get("cancel_url", "").startswith("https://book.acme.com/")',
            line=1,
            column=6,
            message="`startswith` with a URL that names a host: the host varies per account (custom domains); treat the `*_url`/`url` fields the API returns as opaque",
        ),
    ]

    def __init__(self, settings, tree=None) -> None:
        super().__init__(settings, tree)
        self.parsed_names: dict[str, bool] = {}  # names bound to urlparse(...) results -> of this API's URL?
        self.constants: dict[str, list] = {}  # NAME -> the literal strings of each value bound to it
        self.flat_names = frozenset(f.lower() for f in snapshots.url_key_map(settings.target_version).values())
        self.re_names: dict[str, str] = {}  # `from re import search as s` -> {"s": "search"}
        self.extracted: list = []  # `urlparse(<API URL>).netloc` and the like, judged in finish()
        self._api_params: set | None = None  # see _api_parameter_uses
        self._link_evidence: bool | None = None  # see _generic_links
        self.compiled: dict[str, str] = {}  # NAME = re.compile(pattern) -> pattern

    # -- what the code imports and binds ----------------------------------------------------

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if isinstance(node.module, cst.Name) and node.module.value == "re" and isinstance(node.names, (list, tuple)):
            for alias in node.names:
                if isinstance(alias.name, cst.Name):
                    bound = alias.asname.name if alias.asname else alias.name
                    if isinstance(bound, cst.Name):
                        self.re_names[bound.value] = alias.name.value

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            if not isinstance(target.target, cst.Name):
                continue
            if self._is_parse_call(node.value):
                self.parsed_names[target.target.value] = self._parses_api_url(node.value)
            if isinstance(node.value, cst.Call) and self._re_function(node.value.func) == "compile":
                pattern = self._pattern_arg(node.value)
                if pattern is not None:
                    self.compiled[target.target.value] = pattern
            strings = arg_strings(node.value)
            if strings:
                self.constants.setdefault(target.target.value, []).append(strings)

    def _is_api_url(self, node) -> bool:
        """This API's URL (see is_api_url), or a parameter of a function of this file that every call in the file
        passes one (`def brand(url): ...` called as `brand(appt["cancel_url"])`)."""
        if is_api_url(node, self.flat_names, self._generic_links):
            return True
        if not isinstance(node, cst.Name):
            return False
        if self._api_params is None:  # found once, on first need: few files get here
            self._api_params = _api_parameter_uses(self.tree.module, self.flat_names, self._generic_links)
        return id(node) in self._api_params

    def _generic_links(self) -> bool:
        """Does the file deal with this API, so that a bare `*link*.url` is a booking link's? Looked up once, and
        only when such a url decides a finding."""
        if self._link_evidence is None:
            text = self.tree.lower_source if self.tree is not None else b""
            self._link_evidence = API_WORDS.search(text) is not None or any(
                word.lower().encode() in text for word in (*self.flat_names, *self.settings.all_hosts)
            )
        return self._link_evidence

    def _parses_api_url(self, call: cst.BaseExpression) -> bool:
        return isinstance(call, cst.Call) and bool(call.args) and self._is_api_url(call.args[0].value)

    def _strings(self, node) -> list[str]:
        """Literal strings of `node`, or of the module or class constant it names (bound once)."""
        strings = arg_strings(node)
        if not strings and isinstance(node, cst.Name):
            bound = self.constants.get(node.value)
            if bound and len(bound) == 1:
                return bound[0]
        return strings

    def _host_of_api_url(self, node) -> bool:
        """`urlparse(<this API's URL>).netloc`, or `p.hostname` where `p = urlparse(<this API's URL>)`."""
        node = _unwrap_default(node)
        if not isinstance(node, cst.Attribute) or node.attr.value not in HOST_PARTS:
            return False
        value = node.value
        if self._is_parse_call(value):
            return self._parses_api_url(value)
        return isinstance(value, cst.Name) and self.parsed_names.get(value.value, False)

    def _is_hostish(self, node) -> bool:
        """A URL's host: `urlparse(u).netloc`, `p.hostname`, or a value named `host`, `hostname`, `netloc`..."""
        node = _unwrap_default(node)
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Name):
            return node.func.value.lower().endswith(("host", "domain", "netloc"))  # `registered_domain(appt)`
        name = final_name(node)
        if isinstance(node, (cst.Attribute, cst.Subscript)) and (final_name(node.value) or "").lower() in SERVER_SIDE:
            return False  # `request.host`: the host this app is served on, not a link's
        return self._is_host_part(node) or (name is not None and name.lower() in HOST_NAMES)

    @staticmethod
    def _is_parse_call(node) -> bool:
        return (
            isinstance(node, cst.Call)
            and isinstance(node.func, (cst.Name, cst.Attribute))
            and final_name(node.func) in PARSERS
        )

    def _is_host_part(self, node) -> bool:
        """`urlparse(u).netloc`, `urlsplit(u).hostname`, or `p.netloc` where `p = urlparse(u)`."""
        node = _unwrap_default(node)
        if not isinstance(node, cst.Attribute) or node.attr.value not in HOST_PARTS:
            return False
        value = node.value
        return self._is_parse_call(value) or (isinstance(value, cst.Name) and value.value in self.parsed_names)

    def _names_app_host(self, strings) -> bool:
        return any(self._is_app_host(s) for s in strings)

    def _is_app_host(self, text: str) -> bool:
        """`text` is the app's canonical host, a configured host, a subdomain of one, or a URL on one."""
        host = re.split(r"[:/]", re.sub(r"^[a-z][a-z0-9+.-]*://", "", text.lower()).lstrip("."), maxsplit=1)[0]
        return any(host == h or host.endswith("." + h) for h in self.settings.all_hosts)

    # -- the checks -------------------------------------------------------------------------

    def visit_Comparison(self, node: cst.Comparison) -> None:
        # This rule's business: the app's (or a configured) host, or the host of this API's URL. Another
        # service's host compared with another service's URL (`netloc != "checkout.stripe.com"`) is not.
        left = node.left
        for target in node.comparisons:
            right = target.comparator
            if isinstance(target.operator, (cst.Equal, cst.NotEqual, cst.In, cst.NotIn)):
                for part, other in ((left, right), (right, left)):
                    strings = self._strings(other)
                    if self._is_hostish(part) and self._names_app_host(strings):
                        self.report(node, f"compares a URL's host with a fixed value: {WHY}")
                        return
                    if (
                        self._host_of_api_url(part)
                        and not isinstance(other, (cst.SimpleString, cst.ConcatenatedString))
                        and (not self._is_host_part(other) or self._host_of_api_url(other))
                        and not strings
                    ):
                        self.report(node, f"compares the host of an appointment or booking URL: {WHY}")
                        return
                if (
                    isinstance(target.operator, (cst.In, cst.NotIn))
                    and self._names_app_host(self._strings(left))
                    and not isinstance(right, (cst.SimpleString, cst.ConcatenatedString))
                ):
                    self.report(node, f"looks for the app's host in a URL: {WHY}")
                    return
            left = right

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute) and node.args:
            method, receiver, first = func.attr.value, func.value, node.args[0].value
            url_field = self._is_api_url(receiver)
            if method == "_replace" and any(
                a.keyword is not None and a.keyword.value in ("netloc", "hostname") for a in node.args
            ):
                if (
                    self._is_parse_call(receiver)
                    and self._parses_api_url(receiver)
                    or (isinstance(receiver, cst.Name) and self.parsed_names.get(receiver.value))
                ):
                    self.report(node, f"swaps the host of an appointment or booking URL: {WHY}")
                return
            if method in ("startswith", "endswith"):
                strings = self._strings(first)
                if self._is_hostish(receiver) and self._names_app_host(strings):
                    self.report(node, f"`{method}` on a URL's host: {WHY}")
                elif any(is_url_with_host(s) and (url_field or self._configured_host_in(s)) for s in strings):
                    self.report(node, f"`{method}` with a URL that names a host: {WHY}")
                return
            if method in HOST_CUTS and self._is_hostish(receiver) and self._names_app_host(self._strings(first)):
                self.report(node, f"`{method}` cuts the app's host out of a URL's host: {WHY}")
                return
            if method in COLUMN_MATCHES and url_field:
                if any(self._configured_host_in(t) for t in self._strings(first)):
                    self.report(node, f"`{method}` matches a URL field against a host: {WHY}")
                return
            if method in HOST_SWAPS and self._parses_api_url_value(receiver):
                if (
                    method != "set"
                    and method != "copy_with"
                    or any(a.keyword is not None and a.keyword.value in ("host", "netloc") for a in node.args)
                ):
                    self.report(node, f"swaps the host of an appointment or booking URL: {WHY}")
                return
            if method == "replace":
                text = literal_text(first)
                if (
                    text is not None
                    and (is_url_with_host(text) or self._is_host(text))
                    and (url_field or self._configured_host_in(text))
                ):
                    self.report(node, f"`replace` of a host or URL: {WHY}")
                return
        self._lookups(node)
        if isinstance(func, cst.Attribute) and self._host_cut_by_method(node, func):
            return
        if any(self._is_api_url(a.value) for a in node.args) and any(
            self._names_app_host(self._strings(a.value)) for a in node.args
        ):
            self.report(node, f"checks the host of an appointment or booking URL against the app's host: {WHY}")
            return
        function = self._re_function(func)
        if function is not None:
            pattern = self._pattern_arg(node)
            if pattern is not None and self._configured_host_in(pattern.replace("\\.", ".")):
                self.report(node, f"`re.{function}` pattern spells out a host: {WHY}")
            elif (
                pattern is not None
                and function in ("sub", "subn")
                and "://" in pattern
                and any(self._is_api_url(a.value) for a in node.args[1:])
            ):
                self.report(node, f"`re.{function}` rewrites the host of an appointment or booking URL: {WHY}")

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if self._host_of_api_url(node):
            self.extracted.append(node)

    def finish(self) -> None:
        """A host taken out of this API's URL and used for anything else (a report, a tally, a lookup): judged once
        the whole file is seen, so a comparison that is already reported is not reported twice."""
        reported = {id(h.node) for h in self.reports}
        for node in self.extracted:
            parent, inside = self.parent(node), False
            while parent is not None and not isinstance(parent, (cst.BaseStatement, cst.BaseSmallStatement)):
                if id(parent) in reported:
                    inside = True
                    break
                parent = self.parent(parent)
            if not inside and not self._compared_with_other_host(node):
                self.report(node, f"takes the host out of an appointment or booking URL: {WHY}")

    def _compared_with_other_host(self, node) -> bool:
        """`urlparse(u).netloc == "calendly.com"`, `.endswith("zoom.us")`: a URL of the service whose host it is."""
        parent = self.parent(_outermost_default(self, node))
        strings: list[str] = []
        if isinstance(parent, cst.Comparison):
            strings = [t for c in parent.comparisons for t in self._strings(c.comparator)] + self._strings(parent.left)
        elif isinstance(parent, cst.ComparisonTarget):
            comparison = self.parent(parent)
            strings = self._strings(comparison.left) if isinstance(comparison, cst.Comparison) else []
        elif isinstance(parent, cst.Attribute) and parent.attr.value in ("startswith", "endswith", "removesuffix"):
            call = self.parent(parent)
            strings = self._strings(call.args[0].value) if isinstance(call, cst.Call) and call.args else []
        return any(self._is_host(t) and not self._is_app_host(t) for t in strings)

    def visit_Subscript(self, node: cst.Subscript) -> None:
        call = node.value
        if not (len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index)):
            return
        index = node.slice[0].slice.value
        if not (isinstance(index, cst.Integer) and index.evaluated_value == 2):
            return
        if (
            isinstance(call, cst.Call)
            and isinstance(call.func, cst.Attribute)
            and call.func.attr.value == "split"
            and call.args
            and literal_text(call.args[0].value) == "/"
            and self._is_api_url(call.func.value)
        ):
            self.report(node, f"takes the host out of a URL field by hand: {WHY}")

    def _host_cut_by_method(self, node: cst.Call, func: cst.Attribute) -> bool:
        """`HOST_RE.sub(repl, url)` with `HOST_RE = re.compile("^https://[^/]+")`, pandas'
        `df["cancel_url"].str.extract(r"https?://([^/]+)")`, SQLAlchemy's `func.split_part(T.cancel_url, "/", 3)`."""
        method, owner = func.attr.value, func.value
        if method in ("sub", "subn") and isinstance(owner, cst.Name) and len(node.args) >= 2:
            pattern = self.compiled.get(owner.value)
            if pattern is not None and "://" in pattern and self._is_api_url(node.args[1].value):
                self.report(node, f"`{method}` rewrites the host of an appointment or booking URL: {WHY}")
                return True
        if (
            method in ("extract", "extractall", "replace", "split")
            and isinstance(owner, cst.Attribute)
            and owner.attr.value == "str"
            and self._is_api_url(owner.value)
            and node.args
            and "://" in (literal_text(node.args[0].value) or "")
        ):
            self.report(node, f"takes the host out of an appointment or booking URL column: {WHY}")
            return True
        if method == "split_part" and len(node.args) == 3 and literal_text(node.args[1].value) == "/":
            if any(f in code_of(node.args[0].value).lower() for f in self.flat_names):
                self.report(node, f"takes the host out of an appointment URL in SQL: {WHY}")
                return True
        return False

    def _lookups(self, call: cst.Call) -> None:
        """`Appt.objects.filter(cancel_url__startswith="https://savvycal.com/")`."""
        for arg in call.args:
            match = LOOKUP.search(arg.keyword.value) if arg.keyword is not None else None
            if match and match.group("field").lower() in self.flat_names | {"url"}:
                if any(self._configured_host_in(t) for t in self._strings(arg.value)):
                    self.report(arg, f"a query matches a URL field against a host: {WHY}")

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        """SQL that matches a URL column against the app's host: `WHERE cancel_url LIKE 'https://savvycal.com/%'`,
        `split_part(cancel, '/', 3) = 'savvycal.com'`."""
        text = literal_text(node)
        if text is None or "'" not in text or not SQL_MATCH.search(text):
            return
        quoted = re.findall(r"'([^']*)'", text)
        if any(self._configured_host_in(q) for q in quoted):
            self.report(node, f"SQL matches a URL against the app's host: {WHY}")
        elif SQL_HOST_OUT.search(text) and any(f in text.lower() for f in self.flat_names):
            self.report(node, f"SQL takes the host out of an appointment URL: {WHY}")

    def _parses_api_url_value(self, node) -> bool:
        """`URL(appt["ics_url"])`, `furl(...)`, or a name bound to one."""
        if self._is_parse_call(node):
            return self._parses_api_url(node)
        return isinstance(node, cst.Name) and self.parsed_names.get(node.value, False)

    # -- helpers ----------------------------------------------------------------------------

    def _re_function(self, func) -> str | None:
        if (
            isinstance(func, cst.Attribute)
            and isinstance(func.value, cst.Name)
            and func.value.value == "re"
            and func.attr.value in RE_FUNCTIONS
        ):
            return func.attr.value
        if isinstance(func, cst.Name) and self.re_names.get(func.value) in RE_FUNCTIONS:
            return self.re_names[func.value]
        return None

    @staticmethod
    def _pattern_arg(call: cst.Call) -> str | None:
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value == "pattern":
                return literal_text(arg.value)
        first = call.args[0] if call.args else None
        if first is not None and first.keyword is None and first.star == "":
            return literal_text(first.value)
        return None

    def _configured_host_in(self, text: str) -> bool:
        lowered = text.lower()
        return any(re.search(rf"(?<![\w-]){re.escape(h)}(?![\w-])", lowered) for h in self.settings.all_hosts)

    def _is_host(self, text: str) -> bool:
        """The whole string is a host, maybe with a leading dot, a port or a path."""
        host = re.split(r"[:/]", text.lstrip("."), maxsplit=1)[0].lower()
        return HOST_LITERAL.fullmatch(text) is not None or any(
            host == h or host.endswith("." + h) for h in self.settings.all_hosts
        )


@functools.lru_cache(maxsize=None)
def _evidence(hosts: tuple[str, ...]) -> bytes:
    """A lower-case prefilter pattern for a flat field of any snapshot, a booking link's url, or a host's first
    label: what a finding of this rule needs in the file, unless it has a deprecated urls entry.

    A booking link's url is what `is_api_url` takes it for: `url`/`*_url` whose own name or whose owner's
    (`link.url`, `booking_link["url"]`, `x.get("link").url`) has a LINK_WORDS word in it, with any spaces,
    line continuations and comments between the owner and the url."""
    names = set(host_labels(hosts))
    for version in snapshots.versions():
        names.update(field.lower() for field in snapshots.url_key_map(version).values())
    gap = rb"(?:[\s\\]|#[^\n]*)*"
    link = b"(?:" + b"|".join(w.encode() for w in LINK_WORDS) + b")"
    booking_url = (
        link + rb"\w*url\b"
        b"|"
        + link
        + rb"\w*(?:[\"']\s*[\])])?"
        + gap
        + rb"(?:\."
        + gap
        + rb"(?:get\("
        + gap
        + rb"[rbuf]*[\"'])?|\["
        + gap
        + rb"[rbuf]*[\"'])\w*url\b"
    )
    return b"(?i)" + booking_url + b"|" + b"|".join(re.escape(w.lower().encode()) for w in sorted(names))
