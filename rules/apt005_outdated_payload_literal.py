from __future__ import annotations

import re
from functools import lru_cache

import libcst as cst

from apptlint.code.host_patterns import simple_string_value
from apptlint.code.rule import CodeRule, Invalid
from apptlint.payload import snapshots

KINDS = {"appointment": "Appointment", "public_appointment": "PublicAppointment"}


class OutdatedPayloadLiteral(CodeRule):
    """
    ## What it does
    Finds appointment payloads written as literals in code, test fixtures and factories, in an older snapshot's
    shape: a dict literal (or `dict(...)` call with keywords) with a `urls` dict whose keys are the deprecated
    `urls` keys, lacking the flat `*_url` fields that replace them. It recognises an Appointment or
    PublicAppointment by its `object` discriminator, or by two or more deprecated keys in `urls`, wherever the
    literal sits (inside an envelope, a webhook event, a list of fixtures). Its fix adds each missing flat field
    next to `urls`, set to the expression `urls.K[0]` holds, and keeps `urls` (the target snapshot still
    requires it).

    ## Why is this bad
    Once the code reads `appt["cancel_url"]` (APT001's fix), a 1.5.0-shaped fake payload in `conftest.py` or a
    factory makes the tests fail with `KeyError`: the fixtures need the same migration as the stored data.

    ## Example
    ```python
    APPOINTMENT = {
        "id": "appt_1",
        "urls": {"cancel": [CANCEL], "reschedule": ["https://x.example/r"], "add_to_calendar": [ADD]},
    }
    ```
    Use instead:
    ```python
    APPOINTMENT = {
        "id": "appt_1",
        "urls": {"cancel": [CANCEL], "reschedule": ["https://x.example/r"], "add_to_calendar": [ADD]},
        "cancel_url": CANCEL, "reschedule_url": "https://x.example/r", "add_to_calendar_url": ADD,
    }
    ```

    ## Fix safety
    **Unsafe**: the literal gains members, which code comparing it, counting or iterating its keys can see.
    The fix is offered only when the literal itself holds every value: each flat field the target snapshot
    requires must have its `urls.K` list in the literal, with a first element free of visible side effects (a
    literal, a name, an attribute of names, an f-string of those), so nothing is guessed and nothing runs
    twice. A 1.5.0 Appointment has no `urls.add_to_calendar`, so its `add_to_calendar_url` cannot be taken
    from the literal: such a literal is reported without a fix (as `apptlint migrate` reports APT301), naming
    what is missing. A `**NAME` merge counts when NAME is bound once, in reach, to a dict literal (its
    members are read from there; a later change to NAME is not seen, one more reason the fix is unsafe);
    any other `**merge` leaves the literal alone. A constructor call with literal keywords
    (`AppointmentFactory(urls={...})`, a dataclass) is reported without a fix: the class may not take the
    flat fields as keywords until they are declared on it.
    """

    code = "APT005"
    name = "outdated-payload-literal"
    finish_order = 20
    finish_step = "upgrade the payload literals in tests and factories: `apptlint check --fix --unsafe-fixes` (APT005)"
    summary = "An appointment payload literal in an older snapshot's shape, lacking the flat *_url fields"
    tokens = ("urls",)
    fixable = True
    unsafe_fixes = True

    VALID = [
        'APPT = {"id": "a", "urls": {"cancel": ["c"]}, "cancel_url": "c"}',  # one key, no discriminator
        'LINKS = {"urls": {"home": ["h"], "docs": ["d"]}}',
        'P = {"object": "appointment", "urls": {"cancel": ["c"]}, "cancel_url": "c"}',
        'P = {**base, "urls": {"cancel": ["c"], "ics": ["i"]}}',  # `base` is not in sight
        'BASE = {"cancel_url": "c", "ics_url": "i"}\nP = {**BASE, "urls": {"cancel": ["c"], "ics": ["i"]}}',
        'A = {"urls": {"cancel": ["c"], "reschedule": ["r"]}, "cancel_url": "c", "reschedule_url": "r",'
        ' "confirm_url": "x", "ics_url": "x", "join_url": "x", "add_to_calendar_url": "x"}',
    ]
    INVALID = [
        Invalid(
            'P = {"object": "public_appointment", "urls": {"cancel": ["c"], "reschedule": ["r"], "ics": ["i"],'
            ' "add_to_calendar": ["a"], "add_to_google_calendar": ["g"]}}',
            line=1,
            column=5,
            message="PublicAppointment literal in an older snapshot's shape: lacks `add_to_calendar_url`, "
            "`cancel_url`, `ics_url`, `reschedule_url`",
            fixed='P = {"object": "public_appointment", "urls": {"cancel": ["c"], "reschedule": ["r"], "ics": '
            '["i"], "add_to_calendar": ["a"], "add_to_google_calendar": ["g"]}, "add_to_calendar_url": "a", '
            '"cancel_url": "c", "ics_url": "i", "reschedule_url": "r"}',
        ),
        Invalid(
            "APPT = {\n"
            "    'id': 'appt_1',\n"
            "    'urls': {'cancel': [CANCEL], 'reschedule': [f'{BASE}/r'], 'confirm': [cfg.confirm],"
            " 'ics': ['i'], 'join': ['j'], 'add_to_calendar': ['a']},\n"
            "    'status': 'confirmed',\n"
            "}",
            line=1,
            column=8,
            message="Appointment literal in an older snapshot's shape: lacks `add_to_calendar_url`, "
            "`cancel_url`, `confirm_url`, `ics_url`, `join_url`, `reschedule_url`",
            fixed="APPT = {\n"
            "    'id': 'appt_1',\n"
            "    'urls': {'cancel': [CANCEL], 'reschedule': [f'{BASE}/r'], 'confirm': [cfg.confirm],"
            " 'ics': ['i'], 'join': ['j'], 'add_to_calendar': ['a']},\n"
            "    'add_to_calendar_url': 'a',\n"
            "    'cancel_url': CANCEL,\n"
            "    'confirm_url': cfg.confirm,\n"
            "    'ics_url': 'i',\n"
            "    'join_url': 'j',\n"
            "    'reschedule_url': f'{BASE}/r',\n"
            "    'status': 'confirmed',\n"
            "}",
        ),
        Invalid(
            'A = {"urls": {"cancel": ["c"], "reschedule": ["r"], "ics": ["i"], "confirm": ["x"], "join": ["j"],'
            ' "add_to_google_calendar": ["g"]}}',
            line=1,
            column=5,
            message="Appointment literal in an older snapshot's shape: lacks `add_to_calendar_url`, `cancel_url`, "
            "`confirm_url`, `ics_url`, `join_url`, `reschedule_url`; no fix: the literal holds no "
            "`urls.add_to_calendar` to take `add_to_calendar_url` from",
        ),
        Invalid(
            'A = {"urls": {"cancel": [make_url("c")], "reschedule": ["r"], "ics": ["i"], "confirm": ["x"],'
            ' "join": ["j"], "add_to_calendar": ["a"]}}',
            line=1,
            column=5,
            message="Appointment literal in an older snapshot's shape: lacks `add_to_calendar_url`, `cancel_url`, "
            "`confirm_url`, `ics_url`, `join_url`, `reschedule_url`; no fix: `urls.cancel[0]` is not a plain value "
            "(a call may not give the same value twice)",
        ),
        Invalid(
            'BASE = {"id": "a", "object": "appointment"}\nP = {**BASE, "urls": {"cancel": [C], "ics": ["i"]}}',
            line=2,
            column=5,
            message="Appointment literal in an older snapshot's shape: lacks `cancel_url`, `ics_url`",
            fixed='BASE = {"id": "a", "object": "appointment"}\n'
            'P = {**BASE, "urls": {"cancel": [C], "ics": ["i"]}, "cancel_url": C, "ics_url": "i"}',
        ),
        Invalid(
            'a = AppointmentFactory(id="a", urls={"cancel": ["c"], "reschedule": ["r"]})',
            line=1,
            column=5,
            message="Appointment literal in an older snapshot's shape: lacks `cancel_url`, `reschedule_url`; no fix: "
            "a constructor may not take the flat fields as keywords; declare them on its class",
        ),
        Invalid(
            'A = dict(id="a", urls={"cancel": ["c"], "reschedule": ["r"]})',
            line=1,
            column=5,
            message="Appointment literal in an older snapshot's shape: lacks `cancel_url`, `reschedule_url`",
            fixed='A = dict(id="a", urls={"cancel": ["c"], "reschedule": ["r"]}, cancel_url="c", reschedule_url="r")',
        ),
    ]

    @classmethod
    def prefilter_alternatives(cls, hosts) -> list:
        # The literal spells `urls` as a quoted dict key or as a keyword set to a dict, and one of the deprecated
        # keys as a quoted dict key: both must be in the file.
        return [
            # (each starts with the word, so `re` scans for it: the quote before is checked behind)
            ((b"urls",), (b"urls(?<=[\"']urls)[\"']\\s*:", _quoted_key)),
            ((b"urls",), (rb"urls\s*=\s*\{", _quoted_key)),
        ]

    def __init__(self, settings, tree=None) -> None:
        super().__init__(settings, tree)
        self.version = settings.target_version or snapshots.latest_version()
        self.replacements = snapshots.flat_replacements(self.version)
        self.deprecated = {key for keys in snapshots.deprecated_url_keys(self.version).values() for key in keys}

    def visit_Dict(self, node: cst.Dict) -> None:
        members: dict[str, cst.BaseExpression] = {}
        for element in node.elements:
            if isinstance(element, cst.StarredDictElement):
                merged = self._merged_literal(element.value, node)
                if merged is None:
                    return  # a `**merge` whose members are not visible
                members.update(merged)
                continue
            key = _literal_key(element.key) if isinstance(element, cst.DictElement) else None
            if key is None:
                return
            members[key] = element.value
        self._check(node, members, "dict")

    def visit_Call(self, node: cst.Call) -> None:
        if not node.args or any(arg.keyword is None or arg.star for arg in node.args):
            return
        members = {arg.keyword.value: arg.value for arg in node.args if arg.keyword is not None}
        if isinstance(node.func, cst.Name) and node.func.value == "dict":
            self._check(node, members, "call")
        elif "urls" in members:
            # `AppointmentFactory(urls={...})`, `Appointment(id=..., urls=...)`: the same shape, but the class may
            # not take the flat fields as keywords, so the fix belongs where it declares them.
            self._check(node, members, "constructor")

    def _merged_literal(self, value, at) -> dict[str, cst.BaseExpression] | None:
        """The members of `**NAME` when NAME is bound once, in reach, to a dict literal of literal keys."""
        if not isinstance(value, cst.Name):
            return None
        bindings = self.bindings_of(value.value, at)
        if not bindings or len(bindings) != 1:
            return None
        assign = self.parent(bindings[0])
        statement = self.parent(assign) if isinstance(assign, cst.AssignTarget) else None
        if not isinstance(statement, cst.Assign) or len(statement.targets) != 1:
            return None
        if not isinstance(statement.value, cst.Dict):
            return None
        members = {}
        for element in statement.value.elements:
            key = _literal_key(element.key) if isinstance(element, cst.DictElement) else None
            if key is None:
                return None
            members[key] = element.value
        return members

    def _check(self, node, members: dict[str, cst.BaseExpression], form: str) -> None:
        urls = members.get("urls")
        if not isinstance(urls, cst.Dict):
            return
        lists: dict[str, cst.BaseExpression] = {}
        for element in urls.elements:
            key = _literal_key(element.key) if isinstance(element, cst.DictElement) else None
            if key is None or key not in self.deprecated:
                return
            lists[key] = element.value
        schema = self._schema(members, lists)
        if schema is None:
            return
        mapping = self.replacements[schema]
        missing = sorted(flat for key, flat in mapping.items() if key in lists and flat not in members)
        if not missing:
            return
        if self._whole_older_urls(schema, lists):
            # A whole older payload, not a partial fixture: every flat field the target requires is wanted,
            # including those whose list it never had (1.5.0's `add_to_calendar`).
            required = set(snapshots.schema(self.version, schema).get("required", []))
            missing = sorted(flat for flat in mapping.values() if flat not in members and flat in required)
        message = f"{schema} literal in an older snapshot's shape: lacks " + ", ".join(f"`{m}`" for m in missing)
        values: dict[str, cst.BaseExpression] = {}
        obstacle = None
        by_flat = {flat: key for key, flat in mapping.items()}
        for flat in missing:
            key = by_flat[flat]
            first = _first_element(lists.get(key))
            if key not in lists:
                obstacle = f"the literal holds no `urls.{key}` to take `{flat}` from"
            elif first is None:
                obstacle = f"`urls.{key}` is not a literal list with a first element"
            elif not _plain(first):
                obstacle = f"`urls.{key}[0]` is not a plain value (a call may not give the same value twice)"
            if obstacle:
                break
            assert first is not None
            values[flat] = first
        if form == "constructor":
            obstacle = "a constructor may not take the flat fields as keywords; declare them on its class"
        if obstacle:
            self.report(node, f"{message}; no fix: {obstacle}")
            return
        replacement = _with_members(node, values, form)
        self.report(
            node,
            message + ("" if replacement is not None else "; no fix: `urls` is in the merged literal"),
            replacement,
            unsafe=True,
        )

    def _whole_older_urls(self, schema: str, lists) -> bool:
        older = [v for v in snapshots.versions() if snapshots.version_key(v) < snapshots.version_key(self.version)]
        for version in older:
            urls = snapshots.schemas(version).get(schema, {}).get("properties", {}).get("urls", {})
            required = urls.get("required") if isinstance(urls, dict) else None
            if required and set(required) <= set(lists):
                return True
        return False

    def _schema(self, members, lists) -> str | None:
        tag = members.get("object")
        kind = KINDS.get(_literal_key(tag) or "") if isinstance(tag, cst.SimpleString) else None
        if kind in self.replacements:
            return kind
        if len(lists) >= 2 and any(key in self.replacements.get("Appointment", {}) for key in lists):
            # Only an Appointment has `confirm`/`join`; without them the literal could be either kind, and
            # Appointment asks for more, so a PublicAppointment must say so with its `object`.
            return "Appointment"
        return None


@lru_cache(maxsize=None)
def _quoted_key() -> bytes:
    """A deprecated key as a quoted dict key: a prefilter pattern, built only for a file with "urls" in it."""
    return b"[\"'](?:" + b"|".join(re.escape(k.encode()) for k in sorted(_all_deprecated_keys())) + b")[\"']\\s*:"


def _all_deprecated_keys() -> set[str]:
    return {k for v in snapshots.versions() for keys in snapshots.deprecated_url_keys(v).values() for k in keys}


def _literal_key(node) -> str | None:
    if isinstance(node, cst.SimpleString):
        value = simple_string_value(node)
        return value if isinstance(value, str) else None
    return None


def _first_element(node) -> cst.BaseExpression | None:
    if isinstance(node, cst.List) and node.elements and isinstance(node.elements[0], cst.Element):
        return node.elements[0].value
    return None


def _plain(node) -> bool:
    """A value that reads the same however often it is evaluated: a literal, a name, an attribute of names,
    an f-string or a concatenation of those."""
    if isinstance(node, (cst.SimpleString, cst.Integer, cst.Float, cst.Name)):
        return True
    if isinstance(node, cst.Attribute):
        return _plain(node.value)
    if isinstance(node, cst.ConcatenatedString):
        return _plain(node.left) and _plain(node.right)
    if isinstance(node, cst.FormattedString):
        return all(
            isinstance(part, cst.FormattedStringText)
            or (
                isinstance(part, cst.FormattedStringExpression) and _plain(part.expression) and part.format_spec is None
            )
            for part in node.parts
        )
    return False


def _with_members(node, values: dict[str, cst.BaseExpression], form: str):
    """`node` with the new members right after `urls`, laid out like `urls` and the member after it."""
    items = list(node.elements if form == "dict" else node.args)
    at = next((i for i, item in enumerate(items) if _item_key(item, form) == "urls"), None)
    if at is None:
        return None  # `urls` came in through a `**merge`: the literal to change is the merged one
    urls_item = items[at]
    # The separator before `urls` (a comma and the line break or blank after it) is reused between the new
    # members, so they sit as the others do; the last new member takes over `urls`' own comma (or none).
    if at > 0 and isinstance(items[at - 1].comma, cst.Comma):
        separator = items[at - 1].comma
    elif isinstance(urls_item.comma, cst.Comma) and at < len(items) - 1:
        separator = urls_item.comma
    else:
        separator = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    quote = _quote(urls_item, form)
    new = []
    for flat, value in sorted(values.items()):
        if form == "dict":
            member = urls_item.with_changes(key=cst.SimpleString(f"{quote}{flat}{quote}"), value=value.deep_clone())
        else:
            member = urls_item.with_changes(keyword=cst.Name(flat), value=value.deep_clone())
        new.append(member.with_changes(comma=separator))
    last_comma = urls_item.comma
    items[at] = urls_item.with_changes(comma=separator)
    new[-1] = new[-1].with_changes(comma=last_comma)
    items[at + 1 : at + 1] = new
    return node.with_changes(elements=items) if form == "dict" else node.with_changes(args=items)


def _item_key(item, form: str) -> str | None:
    if form == "dict":
        return _literal_key(item.key) if isinstance(item, cst.DictElement) else None
    return item.keyword.value if item.keyword is not None else None


def _quote(item, form: str) -> str:
    if form == "dict" and isinstance(item.key, cst.SimpleString):
        body = item.key.value.lstrip("rRuUbB")
        return body[0]
    return '"'
