from __future__ import annotations

import libcst as cst

from apptlint.payload import snapshots
from apptlint.code.fallbacks import eager_default_of
from apptlint.code.grammar import describe, key_quote
from apptlint.code.tree import code_of
from apptlint.code.rule import DELETE_LINE, Hit, Invalid, Removal
from apptlint.code.urls_access import UrlsUseRule, with_suffix
from apptlint.code.writes import root_name


class DeprecatedUrlsRead(UrlsUseRule):
    """
    ## What it does
    Finds reads of the first URL in a deprecated `urls` list (`appt["urls"]["cancel"][0]`,
    `appt.get("urls", {}).get("join", [None])[0]`, `appt.urls.ics[0]`, or through a local alias
    `urls = appt["urls"]`) whose key has a flat replacement in the 1.6.0 snapshot, and rewrites
    them to the flat field (`appt["cancel_url"]`, `appt.get("join_url")`, `appt.ics_url`).

    What is recognised is what an expression denotes, however it is spelled (a key of the snapshot's deprecated
    `urls` objects, read as one list's first element, is what makes a `urls` object this API's):
    `R["urls"]["K"][0]`, `R.get("urls", {}).get("K", [D])[0]`, `(R.get("urls") or {}).get("K", [D])[0]`,
    `R.setdefault("urls", {})...`, `R.urls.K[0]`, `getattr(R.urls, "K"[, D])[0]`; the key as a literal, a module or
    class constant bound once (`CANCEL = "cancel"`), or a `for` over a literal tuple of keys (reported without a
    fix); inside f-strings, lambdas, comprehensions and `:=`; on any receiver, `self._raw` included; through an
    alias of the `urls` object (`u = R["urls"]`), a name bound once to the list (`links = R["urls"]["K"]`, then
    `links[0]`, `first, *_ = links`), a `match` capture (`case {"urls": {"K": [url, *_]}}`), `first(...)`,
    `next(iter(...))`, and the file's own helpers (`def urls_of(a): return a["urls"]`,
    `def first(xs): return xs[0]`); and paths spelled as data: glom, pydash, dpath, JMESPath and JSONPath strings,
    Django JSONField lookups (keywords, strings, `KeyTransform` chains), pandas columns after `json_normalize`,
    `str.format` fields, PostgreSQL JSON operators and functions in SQL text, and key sequences
    (`("urls", "K", 0)`). A read that runs only when its flat field is missing on the same payload is a fallback:
    APT004's, not this rule's. A read in templates goes through the same model, aliases included
    (`{% set links = appt.urls %}`).

    ## Why is this bad
    Since 1.6.0 every appointment carries canonical flat `*_url` fields and the nested `urls`
    lists are deprecated; they will go away. The flat fields are also the only ones documented
    to carry the account's custom domain.

    ## Example
    ```python
    link = appt["urls"]["cancel"][0]
    join = appt.get("urls", {}).get("join", [""])[0]
    ```
    Use instead:
    ```python
    link = appt["cancel_url"]
    join = appt.get("join_url", "")
    ```

    ## Fix safety
    **Unsafe** (applied with `--unsafe-fixes`, or `unsafe-fixes = true` in `[tool.apptlint]`). The rewrite
    keeps the meaning only for payloads of 1.6.0 or later, where the flat field is required and equal to
    `urls.K[0]`; a payload stored under 1.5.0 has no flat field, and the rewritten read raises `KeyError`
    (or returns the default) where the old one returned a URL. Code that can still receive such payloads (a
    table, a fixture, a queue written before the upgrade) would break, so plain `--fix` leaves these reads
    alone: run `apptlint validate --detect-version` and `apptlint migrate` on every store first, then opt in.
    An attribute read (`appt.urls.ics[0]` -> `appt.ics_url`) also needs the object to expose the flat field: a
    typed model written for 1.5.0 (a pydantic class declaring `urls` only) lacks it. Such a model in the file, or
    imported from the project, blocks the fix and is named in the message; one from elsewhere (an SDK) cannot be
    seen, so declare the flat fields on your models before applying the fix.

    A `.get` chain is rewritten only when its default is a one-element list `[D]` (the fix keeps `D`). A path
    string is rewritten only when it is the whole string (`"urls.cancel.0"` -> `"cancel_url"`,
    `payload__urls__cancel__0` -> `payload__cancel_url`); SQL and format strings are reported. An alias read is
    fixed only when the alias is assigned once, earlier in the read's own block, from a plain name, and nothing on
    the way to the read rebinds that name (assignment, `for`/`with` target, `:=`, unpacking, augmented
    assignment, `del`, in any nested block) or writes through it or the alias; other cases are reported without a
    fix. When every read of an alias is rewritten and nothing else may read it (a closure, `print(u)`, a read kept
    by `# noqa`), its assignment line goes too, as a finding of its own, rather than stay as dead code.

    What blocks a fix (the read is still reported, and the message says why):
    - a write anywhere in the file to that payload, its `urls` or a flat field, in any order: stores, `del`,
      mutating methods (also unbound, `dict.update(appt, x)`, and `__init__`), `operator.setitem`/`delitem`,
      `setattr`, a same-file helper that mutates its parameter (transitively), a dynamic-key write into `urls`,
      or any of these through a name taken from the payload (`lst = appt["urls"]["cancel"]; lst.sort()`);
    - code around the read that also reads its flat field on the same payload (it may be a fallback in a form no
      guard pattern knows), a comparison or assertion between the two (the rewrite would be a tautology), or the
      read as the eager default of the flat field's own `.get`;
    - for `R.urls.K[0]` -> `R.K_url`: a model in the file or imported from the project that declares `urls` and
      not `K_url` (pydantic, dataclasses, attrs, TypedDict, NamedTuple, `__slots__`, a property);
    - inside an f-string, no quote for the new key that parses on `target-python` (before 3.12 a field may not
      reuse its f-string's quote; the fix picks the other one where it can).
    Assignments and `del` are never rewritten (see APT002).
    """

    code = "APT001"
    name = "deprecated-urls-read"
    finish_order = 30
    finish_step = "switch the reads to the flat fields: `apptlint check --fix --unsafe-fixes` (APT001)"
    summary = "Read of a deprecated `urls.K[0]` that has a flat `K_url` field"
    fixable = True
    unsafe_fixes = True

    VALID = [
        'class HelpLinks:\n    urls = {"cancel": ["/help/cancel"]}\n    def f(self):\n        return self.urls["cancel"][0]',
        'FRONTEND = {"urls": {"cancel": "/app/cancel"}}\nroute = FRONTEND["urls"]["cancel"]',  # strings, no [0]
        'def hook_urls(hook):\n    urls = hook["config"]["urls"]\n    return [urls["cancel"][0], urls["ping"][0]]',  # not ours
        'x = appt.get("cancel_url") or appt["urls"]["cancel"][0]',  # a fallback: APT004's
        'cancel = "cancel"\ncancel = other\nx = appt["urls"][cancel][0]',  # not a constant: APT002's at most
        'cancel = appt["cancel_url"]',
        'files = [u["filename"] for u in data["urls"]]',
        'first = data["urls"][0]["filename"]',
        'spec = result.get("urls", {}).get(version)',
        'urlpatterns = [path("admin/", admin.site.urls)]',
        'home = self.urls["home"]',
        'class A:\n    def f(self):\n        return self.urls["home"]',
        'for info in data["urls"]:\n    print(info["filename"])',
        'urls = ["a", "b"]\nfirst = urls[0]',
        'html = repo["urls"]["html"]',
        'link = appt["urls"]["add_to_google_calendar"][0]',  # APT003's job
        'second = appt["urls"]["cancel"][1]',  # APT002's job
        'appt["urls"]["cancel"][0] = "x"',  # writes are never APT001
        'def f(urls):\n    return urls["cancel"][0]',  # a parameter named urls is not an alias
        # the lambda reads the comprehension's `u`, not f's alias
        'def f(appt, items):\n    u = appt["urls"]\n    return [lambda: u["cancel"][0] for u in items]',
    ]
    INVALID = [
        # The first element, however it is taken: reported (no rewrite keeps the default or the helper).
        Invalid(
            'x = next(iter(appt["urls"]["cancel"]), None)',
            line=1,
            column=5,
            message="`urls.cancel[0]` is deprecated; read `cancel_url` (no automatic fix here)",
        ),
        Invalid(
            'def first(xs):\n    return xs[0]\nx = first(appt["urls"]["ics"])',
            line=3,
            column=5,
            message="`urls.ics[0]` is deprecated; read `ics_url` (no automatic fix here)",
        ),
        Invalid(
            'match appt:\n    case {"urls": {"reschedule": [url, *_]}}:\n        pass',
            line=2,
            column=20,
            message="`urls.reschedule[0]` is deprecated; read `reschedule_url` (no automatic fix here)",
        ),
        Invalid(
            'class Event:\n    def __init__(self, appt):\n        self.links = appt["urls"]\n'
            '    def cancel(self):\n        return self.links["cancel"][0]',
            line=5,
            column=16,
            message="`urls.cancel[0]` is deprecated; read `cancel_url` (no automatic fix here)",
        ),
        # Through a name bound once to the list, or a helper returning the urls object.
        Invalid(
            'def f(event):\n    links = event["object"]["urls"]["confirm"]\n    return links[0]',
            line=3,
            column=12,
            message="`urls.confirm[0]` is deprecated; read `confirm_url` (no automatic fix here)",
        ),
        Invalid(
            'def urls_of(a):\n    return a["urls"]\nx = urls_of(appt)["reschedule"][0]',
            line=3,
            column=5,
            message="`urls.reschedule[0]` is deprecated; read `reschedule_url` (no automatic fix here)",
        ),
        # An eager default: it runs even when the flat field is there, so it is no fallback, and no rewrite.
        Invalid(
            'x = appt.get("cancel_url", appt["urls"]["cancel"][0])',
            line=1,
            column=28,
            message="`urls.cancel[0]` is deprecated; read `cancel_url` (no automatic fix here: as the default of "
            "`cancel_url`'s lookup it is evaluated even when `cancel_url` is present, so it fails once `urls` is gone)",
        ),
        # operator's getters, typing.cast, a lambda applied to the urls object
        Invalid(
            'x = df["urls"].apply(lambda u: u["ics"][0])',
            line=1,
            column=32,
            message="`urls.ics[0]` is deprecated; read `ics_url` (no automatic fix here)",
        ),
        Invalid(
            'x = operator.getitem(appt, "urls")["join"][0]',
            'x = appt["join_url"]',
            line=1,
            column=5,
            message="`urls.join[0]` is deprecated; read `join_url`",
        ),
        Invalid(
            'x = itemgetter(0)(appt["urls"]["cancel"])',
            line=1,
            column=5,
            message="`urls.cancel[0]` is deprecated; read `cancel_url` (no automatic fix here)",
        ),
        Invalid(
            'x = cast(dict, appt)["urls"]["confirm"][0]',
            'x = cast(dict, appt)["confirm_url"]',
            line=1,
            column=5,
            message="`urls.confirm[0]` is deprecated; read `confirm_url`",
        ),
        Invalid(
            'q = df.select(pl.col("urls").struct.field("cancel").list.first())',
            line=1,
            column=15,
            message="`urls.cancel[0]` is deprecated; read `cancel_url` (no automatic fix here)",
        ),
        # Paths spelled as data, fixed where the rewrite is mechanical.
        Invalid(
            'x = glom(appt, "urls.cancel.0")',
            'x = glom(appt, "cancel_url")',
            line=1,
            column=17,
            message="`urls.cancel[0]` is deprecated; read `cancel_url`",
        ),
        Invalid(
            'x = jmespath.search("urls.join[0]", appt)',
            'x = jmespath.search("join_url", appt)',
            line=1,
            column=22,
            message="`urls.join[0]` is deprecated; read `join_url`",
        ),
        Invalid(
            "qs = Appt.objects.filter(payload__urls__cancel__0__isnull=False)",
            "qs = Appt.objects.filter(payload__cancel_url__isnull=False)",
            line=1,
            column=35,
            message="`urls.cancel[0]` is deprecated; read `cancel_url`",
        ),
        Invalid(
            "SQL = \"SELECT payload->'urls'->'ics'->>0 FROM appts\"",
            line=1,
            column=22,
            message="`urls.ics[0]` is deprecated; read `ics_url` (no automatic fix here)",
        ),
        Invalid(
            'x = get_in(["urls", "cancel", 0], appt)',
            line=1,
            column=12,
            message="`urls.cancel[0]` is deprecated; read `cancel_url` (no automatic fix here)",
        ),
        Invalid(
            'text = "{a[urls][reschedule][0]}".format(a=appt)',
            line=1,
            column=12,
            message="`urls.reschedule[0]` is deprecated; read `reschedule_url` (no automatic fix here)",
        ),
        Invalid(
            'col = df["urls.cancel"].str[0]',
            line=1,
            column=7,
            message="`urls.cancel[0]` is deprecated; read `cancel_url` (no automatic fix here)",
        ),
        Invalid(
            'class Keys:\n    JOIN = "join"\nx = raw.get("urls", {}).get(Keys.JOIN, [None])[0]',
            'class Keys:\n    JOIN = "join"\nx = raw.get("join_url")',
            line=3,
            column=5,
            message="`urls.join[0]` is deprecated; read `join_url`",
        ),
        Invalid(
            'x = (raw["urls"].get("confirm") or [None])[0]',
            line=1,
            column=5,
            message="`urls.confirm[0]` is deprecated; read `confirm_url` (no automatic fix here)",
        ),  # reported: no rewrite keeps the `or [None]`
        Invalid(
            'x = (appt.get("urls") or {}).get("reschedule", [None])[0]',
            'x = appt.get("reschedule_url")',
            line=1,
            column=5,
            message="`urls.reschedule[0]` is deprecated; read `reschedule_url`",
        ),
        Invalid(
            'x = appt.setdefault("urls", {}).get("ics", [None])[0]',
            'x = appt.get("ics_url")',
            line=1,
            column=5,
            message="`urls.ics[0]` is deprecated; read `ics_url`",
        ),
        Invalid(
            'links = appt.get("urls") or {}\nx = links.get("cancel", [None])[0]',
            'links = appt.get("urls") or {}\nx = appt.get("cancel_url")',  # a module's alias stays: others may import it
            line=2,
            column=5,
            message="`urls.cancel[0]` is deprecated; read `cancel_url`",
        ),
        Invalid(
            'CANCEL = "cancel"\nx = appt["urls"][CANCEL][0]',
            'CANCEL = "cancel"\nx = appt["cancel_url"]',
            line=2,
            column=5,
            message="`urls.cancel[0]` is deprecated; read `cancel_url`",
        ),
        Invalid(
            'for k in ("cancel", "ics"):\n    x = appt["urls"][k][0]',
            line=2,
            column=9,
            message="`urls.cancel[0]`, `urls.ics[0]` are deprecated; read `cancel_url`, `ics_url` (no automatic fix here)",
        ),
        Invalid(
            'x = getattr(appt.urls, "ics")[0]',
            "x = appt.ics_url",
            line=1,
            column=5,
            message="`urls.ics[0]` is deprecated; read `ics_url`",
        ),
        Invalid(
            "x = f\"{appt['urls']['cancel'][0]}\"",
            "x = f\"{appt['cancel_url']}\"",
            line=1,
            column=8,
            message="`urls.cancel[0]` is deprecated; read `cancel_url`",
        ),
        Invalid(
            'f = lambda a: a["urls"]["join"][0]',
            'f = lambda a: a["join_url"]',
            line=1,
            column=15,
            message="`urls.join[0]` is deprecated; read `join_url`",
        ),
        Invalid(
            'xs = [x["urls"]["ics"][0] for x in items]',
            'xs = [x["ics_url"] for x in items]',
            line=1,
            column=7,
            message="`urls.ics[0]` is deprecated; read `ics_url`",
        ),
        Invalid(
            'if (x := appt["urls"]["cancel"][0]):\n    pass',
            'if (x := appt["cancel_url"]):\n    pass',
            line=1,
            column=10,
            message="`urls.cancel[0]` is deprecated; read `cancel_url`",
        ),
        Invalid(
            'class C:\n    def g(self):\n        return self._raw["urls"]["cancel"][0]',
            'class C:\n    def g(self):\n        return self._raw["cancel_url"]',
            line=3,
            column=16,
            message="`urls.cancel[0]` is deprecated; read `cancel_url`",
        ),
        Invalid(
            'x = X["urls"]["cancel"][0]',
            'x = X["cancel_url"]',
            line=1,
            column=5,
            message="`urls.cancel[0]` is deprecated; read `cancel_url`",
        ),
        Invalid(
            "x = X['urls']['ics'][0]",
            "x = X['ics_url']",
            line=1,
            column=5,
            message="`urls.ics[0]` is deprecated; read `ics_url`",
        ),
        Invalid(
            'x = X.get("urls", {}).get("join", [None])[0]',
            'x = X.get("join_url")',
            line=1,
            column=5,
            message="`urls.join[0]` is deprecated; read `join_url`",
        ),
        Invalid(
            'x = X.get("urls", {}).get("cancel", [""])[0]',
            'x = X.get("cancel_url", "")',
            line=1,
            column=5,
            message="`urls.cancel[0]` is deprecated; read `cancel_url`",
        ),
        Invalid(
            'x = X["urls"].get("ics", [None])[0]',
            'x = X.get("ics_url")',
            line=1,
            column=5,
            message="`urls.ics[0]` is deprecated; read `ics_url`",
        ),
        Invalid(
            "x = X.urls.reschedule[0]",
            "x = X.reschedule_url",
            line=1,
            column=5,
            message="`urls.reschedule[0]` is deprecated; read `reschedule_url`",
        ),
        Invalid(
            'x = event["object"]["urls"]["ics"][0]',
            'x = event["object"]["ics_url"]',
            line=1,
            column=5,
            message="`urls.ics[0]` is deprecated; read `ics_url`",
        ),
        Invalid(
            'x = X["urls"]["add_to_calendar"][0]',
            'x = X["add_to_calendar_url"]',
            line=1,
            column=5,
            message="`urls.add_to_calendar[0]` is deprecated; read `add_to_calendar_url`",
        ),
        Invalid(
            'def f(appt):\n    urls = appt["urls"]\n    return urls["cancel"][0]',
            'def f(appt):\n    return appt["cancel_url"]',
            line=3,
            column=12,
            message="`urls.cancel[0]` is deprecated; read `cancel_url`",
        ),
        Invalid(
            'def f(appt):\n    u = appt.get("urls", {})\n    return u.get("join", [""])[0]',
            'def f(appt):\n    return appt.get("join_url", "")',
            line=3,
            column=12,
            message="`urls.join[0]` is deprecated; read `join_url`",
        ),
        Invalid(
            'class Handler:\n    def link(self, appt):\n        urls = appt["urls"]\n        return urls["ics"][0]',
            'class Handler:\n    def link(self, appt):\n        return appt["ics_url"]',
            line=4,
            column=16,
            message="`urls.ics[0]` is deprecated; read `ics_url`",
        ),
        Invalid(
            'urls = APPT["urls"]\nLINK = urls["join"][0]',
            'urls = APPT["urls"]\nLINK = APPT["join_url"]',
            line=2,
            column=8,
            message="`urls.join[0]` is deprecated; read `join_url`",
        ),
        # Receiver reassigned in the function: reported, not fixed.
        Invalid(
            'def f(appt):\n    urls = appt["urls"]\n    appt = {}\n    return urls["cancel"][0]',
            line=4,
            column=12,
            message="`urls.cancel[0]` is deprecated; read `cancel_url` (no automatic fix here)",
        ),
        # Receiver is not a plain name: reported, not fixed.
        Invalid(
            'def f(e):\n    urls = e["object"]["urls"]\n    return urls["cancel"][0]',
            line=3,
            column=12,
            message="`urls.cancel[0]` is deprecated; read `cancel_url` (no automatic fix here)",
        ),
        # Alias assigned twice: reported, not fixed.
        Invalid(
            'def f(a, b):\n    urls = a["urls"]\n    x = urls["cancel"][0]\n    urls = b["urls"]\n    return x',
            line=3,
            column=9,
            message="`urls.cancel[0]` is deprecated; read `cancel_url` (no automatic fix here)",
        ),
        # A .get default that is not a one-element list: reported, not fixed.
        Invalid(
            'x = X.get("urls", {}).get("cancel", [])[0]',
            line=1,
            column=5,
            message="`urls.cancel[0]` is deprecated; read `cancel_url` (no automatic fix here)",
        ),
        Invalid(
            'x = appt.urls["cancel"][0]',
            line=1,
            column=5,
            message="`urls.cancel[0]` is deprecated; read `cancel_url` (no automatic fix here)",
        ),  # an object holding a dict: no guess at the flat spelling
        Invalid(
            'def f(appt):\n    u = appt.urls\n    return u["cancel"][0]',
            line=3,
            column=12,
            message="`urls.cancel[0]` is deprecated; read `cancel_url` (no automatic fix here)",
        ),
        # reported, not fixed: `appt` in g is g's parameter, not the one the alias was taken from
        Invalid(
            'def f(appt):\n    u = appt["urls"]\n    def g(appt):\n        return u["cancel"][0]',
            line=4,
            column=16,
            message="`urls.cancel[0]` is deprecated; read `cancel_url` (no automatic fix here)",
        ),
        # reported, not fixed: the alias may come from an earlier pass of the loop than `appt`
        Invalid(
            'def f(appts):\n    for appt in appts:\n        if appt["x"]:\n            u = appt["urls"]\n'
            '    return u["cancel"][0]',
            line=5,
            column=12,
            message="`urls.cancel[0]` is deprecated; read `cancel_url` (no automatic fix here)",
        ),
        Invalid(
            'def f(appt):\n    u = appt["urls"]\n    del appt\n    return u["cancel"][0]',
            line=4,
            column=12,
            message="`urls.cancel[0]` is deprecated; read `cancel_url` (no automatic fix here)",
        ),
    ]

    def __init__(self, settings, tree=None) -> None:
        super().__init__(settings, tree)
        self.fixed_on: list = []  # (hit with a fix, the names it reads through)
        self.alias_reads: dict = {}  # alias binding -> (binding, hits of its fixed reads, their containers)
        self.flat_reads_of: dict = {}  # id(hit) -> (read, key, flat field, the names it reads through)
        self.attribute_fixes: list = []  # (hit, flat field) for `R.urls.K[0]` -> `R.K_url`

    def check_use(self, use) -> None:
        if use.kind != "read0" or self.fallback_of(use):
            return
        flats = snapshots.url_key_map(self.version)
        if len(use.entry.key_values) > 1:  # `for k in ("cancel", "ics"): R["urls"][k][0]`
            keys = [k for k in use.entry.key_values if k in flats]
            if keys:
                listed = ", ".join(f"`urls.{k}[0]`" for k in keys)
                fields = ", ".join(f"`{flats[k]}`" for k in keys)
                self.report(use.node, f"{listed} are deprecated; read {fields} (no automatic fix here)")
            return
        flat = flats.get(use.entry.key)
        if flat is None:
            return
        self.refusal = "no automatic fix here"
        fix = self._fix(use, flat)
        how = f"`{flat}`" if fix is not None else f"`{flat}` ({self.refusal})"
        self.report(use.node, f"`urls.{use.entry.key}[0]` is deprecated; read {how}", fix, unsafe=True)
        self.flat_reads_of[id(self.reports[-1])] = (use.node, use.entry.key, flat, self.read_roots(use))
        if fix is not None and isinstance(fix, cst.Attribute):
            self.attribute_fixes.append((self.reports[-1], flat))
        if fix is not None and use.entry.form != "path":
            receiver = use.entry.receiver if use.entry.receiver is not None else use.alias.receiver
            roots = {root_name(receiver), root_name(use.entry.container)} - {None}
            self.fixed_on.append((self.reports[-1], roots))
        if fix is not None and use.alias is not None and use.alias.binding is not None:
            reads = self.alias_reads.setdefault(id(use.alias.binding), (use.alias.binding, [], set()))
            reads[1].append(self.reports[-1])
            reads[2].add(id(use.entry.container))

    def finish(self) -> None:
        super().finish()
        self._judge_by_flat_reads()
        self._judge_by_models()
        # A payload this file writes to may no longer have `urls.K[0] == K_url`: such reads are not fixed.
        for hit, names in self.fixed_on:
            if names & self.mutated:
                hit.replacement = None
                hit.removals = ()
                hit.message = hit.message + " (no automatic fix here: this file writes to it)"
        self.alias_reads = {k: v for k, v in self.alias_reads.items() if all(h.replacement is not None for h in v[1])}
        # An alias whose every read is rewritten is dead: its assignment goes with the last of them, as a finding
        # of its own, so every output shows the line the fix deletes.
        names_by_value: dict[str, list] = {}
        if self.alias_reads:
            for n in self.tree.names:
                names_by_value.setdefault(n.value, []).append(n)
        for binding, hits, containers in self.alias_reads.values():
            others = [
                n
                for n in names_by_value.get(binding.value, ())
                if n is not binding and id(n) not in containers and self._may_mean(n, binding)
            ]
            statement = self._alone_on_its_line(binding)
            if not others and statement is not None:
                self.reports.append(
                    Hit(
                        statement,
                        f"`{binding.value}` is read only by the deprecated reads fixed here; it goes with them",
                        DELETE_LINE,
                        unsafe=True,
                        removals=(Removal(statement, hits),),
                    )
                )

    def _statement_names(self, node, flat: str) -> bool:
        """Does the statement holding `node` name `flat` anywhere outside `node` (in any spelling:
        `payload__cancel_url`, `"$.cancel_url"`, `appt.cancel_url`)?"""
        statement = self.parent(node)
        while statement is not None and not isinstance(statement, (cst.BaseSmallStatement, cst.BaseStatement)):
            statement = self.parent(statement)
        if statement is None:
            return False
        return code_of(statement).count(flat) > code_of(node).count(flat)

    def _judge_by_flat_reads(self) -> None:
        """A read in code that also reads its flat field on the same payload may be its fallback in a form no
        guard pattern knows, and compared with it, it is a consistency check that the rewrite would turn into a
        tautology: either way it is reported, not fixed."""
        for hit in self.reports:
            read, key, flat, roots = self.flat_reads_of.get(id(hit), (None, None, None, None))
            context = self.flat_context(read, flat, roots) if read is not None else None
            if context is not None:
                hit.replacement, hit.removals = None, ()
            if context == "compare":
                hit.message = (
                    f"`urls.{key}[0]` is deprecated; it is compared with `{flat}` here, and rewriting it would "
                    f"compare `{flat}` with itself (no automatic fix here)"
                )
            elif context == "guard" and eager_default_of(self, read):
                hit.message = (
                    f"`urls.{key}[0]` is deprecated; read `{flat}` (no automatic fix here: as the default of "
                    f"`{flat}`'s lookup it is evaluated even when `{flat}` is present, so it fails once `urls` "
                    "is gone)"
                )
            elif context == "guard":
                hit.message = (
                    f"`urls.{key}[0]` is deprecated; read `{flat}` (no automatic fix here: this code also reads "
                    f"`{flat}` of the same payload, so this read may be its fallback)"
                )

    def _judge_by_models(self) -> None:
        """`R.urls.K[0]` -> `R.K_url` raises on a model that declares `urls` and not `K_url`."""
        pending = [(hit, flat) for hit, flat in self.attribute_fixes if hit.replacement is not None]
        if not pending:
            return
        from apptlint.code.models import models_lacking, payload_models

        models = payload_models(self.tree.module.code, self.tree.path)
        for hit, flat in pending:
            lacking = models_lacking(models, flat)
            if lacking:
                names = ", ".join(f"`{m.name}`" for m in lacking)
                hit.replacement, hit.removals = None, ()
                hit.message = (
                    f"{hit.message} (no automatic fix here: {names} declares `urls` but not `{flat}`; add "
                    f"`{flat}: str` to it first)"
                )

    def _may_mean(self, name, binding) -> bool:
        """Could this occurrence of the alias's name be the alias (any read Python may resolve to it)?"""
        found = self.bindings_of(name.value, name)
        return found is None or any(b is binding for b in found) or not found

    def _alone_on_its_line(self, binding):
        if not isinstance(self.tree.bindings.namespace_of(binding), cst.FunctionDef):
            return None  # a module's or class's name is an attribute others may import: it stays
        target = self.parent(binding)
        assign = self.parent(target) if isinstance(target, cst.AssignTarget) else None
        line = self.parent(assign) if isinstance(assign, cst.Assign) and len(assign.targets) == 1 else None
        return line if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1 else None

    def _fix(self, use, flat):
        entry = use.entry
        if entry.form == "path":
            if self._statement_names(entry.node, flat):
                # `exclude(payload__urls__cancel__0=KT("payload__cancel_url"))`, `.update(payload__cancel_url=...)`:
                # the path stands beside its own flat field, and the rewrite would compare or copy it to itself
                self.refusal = f"no automatic fix here: the statement also names `{flat}`"
                return None
            return _path_fix(use, flat)
        if not use.rewritable or entry.form == "sequence":
            return None
        quote = key_quote(self.tree.parents, use.node, self.settings.python_grammar)
        if quote is None and not isinstance(entry.key_node, cst.SimpleString) and entry.form != "attr":
            self.refusal = (
                "no automatic fix here: inside this f-string no quote for the new key parses on "
                f"{describe(self.settings.python_grammar)} (target-python)"
            )
            return None
        if entry.receiver is not None:
            receiver = entry.receiver
        elif use.alias is not None and use.alias.receiver is not None:
            receiver = use.alias.receiver
        else:
            return None
        if entry.form == "attr":
            if entry.default is not None:
                return None  # `getattr(R.urls, "K", D)`: no rewrite keeps D
            return cst.Attribute(value=receiver, attr=cst.Name(flat))
        if isinstance(entry.container, cst.Attribute):
            return None  # R.urls["K"]: an object holding a dict; R["K_url"] and R.K_url are both guesses
        if isinstance(entry.container, cst.Call) and isinstance(entry.container.func, cst.Call):
            return None  # itemgetter("urls")(R) / attrgetter("urls")(R): reported, not respelled
        if entry.form == "subscript":
            if entry.receiver is not None and isinstance(entry.container, cst.Subscript):
                # Reuse R["urls"] so the receiver's own formatting survives.
                index = entry.container.slice[0]
                return entry.container.with_changes(
                    slice=[index.with_changes(slice=cst.Index(_flat_key(entry.key_node, flat, quote)))]
                )
            return cst.Subscript(
                value=receiver, slice=[cst.SubscriptElement(cst.Index(_flat_key(entry.key_node, flat, quote)))]
            )
        if not entry.default_is_list_of_one:
            return None
        args = [cst.Arg(_flat_key(entry.key_node, flat, quote))]
        if not (isinstance(entry.default, cst.Name) and entry.default.value == "None"):
            args = [
                args[0].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))),
                cst.Arg(entry.default),
            ]
        return cst.Call(func=cst.Attribute(value=receiver, attr=cst.Name("get")), args=args)

    @classmethod
    def check_template(cls, template, settings):
        """`{{ appt.urls.cancel.0 }}` (Django), `{{ appt.urls.cancel[0] }}` / `["urls"]["cancel"][0]` / `| first` (Jinja)."""
        from apptlint.code.templates.model import TemplateHit
        from apptlint.code.templates.urls_chains import template_aliases, urls_uses

        mapping = snapshots.url_key_map(settings.target_version)
        for use in urls_uses(template.chains, settings.target_version, template_aliases(template.source)):
            end = use.first_read_end
            flat = mapping.get(use.key.key)
            if end is None or flat is None:
                continue
            if use.through_alias:  # the alias names the urls object, not the payload: nothing to rewrite onto
                yield TemplateHit(
                    use.urls.start,
                    end,
                    f"`urls.{use.key.key}[0]` is deprecated (read through `{use.chain.receiver}`, which holds the "
                    f"`urls` object); read the appointment's `{flat}` (no automatic fix here)",
                )
                continue
            yield TemplateHit(
                use.urls.start,
                end,
                f"`urls.{use.key.key}[0]` is deprecated; read `{flat}`",
                use.spelled(flat),
                unsafe=cls.unsafe_fixes,
            )


def _path_fix(use, flat: str):
    """A glom/JMESPath/JSONPath path or a Django lookup that is the whole string (or keyword), respelled."""
    node = use.entry.node
    if isinstance(node, cst.Name):
        text = use.path.rewritten(node.value, flat)
        return node.with_changes(value=text) if text is not None else None
    if not isinstance(node, cst.SimpleString) or "\\" in node.value:
        return None  # escapes: the raw text is not the value the path was found in
    prefix = node.prefix
    body = node.value[len(prefix) :]
    quote = body[:3] if body[:3] in ('"""', "'''") else body[0]
    text = use.path.rewritten(body[len(quote) : -len(quote)], flat)
    return node.with_changes(value=f"{prefix}{quote}{text}{quote}") if text is not None else None


def _flat_key(key_node, flat: str, quote: str | None) -> cst.SimpleString:
    """The flat field's key, spelled like the deprecated one when that is a literal (its quotes are legal where
    it stands), else in `quote`, one the grammar allows there."""
    if isinstance(key_node, cst.SimpleString):
        return with_suffix(key_node, "_url")
    return cst.SimpleString(f"{quote}{flat}{quote}")
