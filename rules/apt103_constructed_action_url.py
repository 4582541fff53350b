from __future__ import annotations

import re

import libcst as cst

from apptlint.code.host_patterns import code_string, joined, literal_text, string_segments
from apptlint.code.rule import CodeRule, Invalid
from apptlint.payload import snapshots

APPOINTMENT_PATH = "/c/appointments/"
BOOKING_PATH = "/c/book/"
# `/c/appointments/<id>/<action>`, the action ending the path.
ACTION = re.compile(re.escape(APPOINTMENT_PATH) + r"[^/?#]*/(\w+)(?=$|[/?#])")
# In template text: the URL-like run around an action or booking path, up to a blank, quote or tag bracket.
URL_AROUND = re.compile(
    r"[^\s\"'<>]*(?:" + re.escape(APPOINTMENT_PATH) + "|" + re.escape(BOOKING_PATH) + r")[^\s\"'<>]*"
)


def advice(text: str, version: str | None = None) -> str | None:
    """What to read instead of the URL `text` builds, or None when it is no action URL.

    The actions are the snapshot's: each deprecated `urls` key with a flat `K_url` field.
    """
    if text.startswith(("c/appointments/", "c/book/")):  # urljoin(base, f"c/appointments/{id}/cancel")
        text = "/" + text
    if APPOINTMENT_PATH in text:
        action = ACTION.search(text)
        if action and action.group(1) in snapshots.url_key_map(version):
            return f"read the appointment's `{action.group(1)}_url` field instead"
        return "read the matching `*_url` field of the appointment instead"
    if BOOKING_PATH in text:
        return "read the booking link's `url` field instead"
    return None


def is_literal(node) -> bool:
    if isinstance(node, (cst.Tuple, cst.List)):
        return all(is_literal(e.value) for e in node.elements)
    return isinstance(node, (cst.Integer, cst.Float)) or literal_text(node) is not None


def _divided(node) -> list:
    """The operands of `a / b / c`, left to right: literal text, or None for a run-time value."""
    parts: list = []
    while isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Divide):
        parts.insert(0, literal_text(node.right))
        node = node.left
    parts.insert(0, literal_text(node))
    return parts


class ConstructedActionUrl(CodeRule):
    """
    ## What it does
    Finds appointment action URLs (`/c/appointments/<id>/<action>`) and booking-link URLs
    (`/c/book/<id>`) that code puts together from an id or a base URL, by f-string,
    `%` formatting, `str.format` or `+`. A string that is written out in full is not
    reported here (APT101 looks at its host), and neither are comments or docstrings.

    Concatenation, f-strings, `str.format`, `%` formatting and `"/".join([...])` all count, inside
    `urljoin(...)` too, whenever a run-time value is put into the path; so do yarl's and pathlib's `/`
    (`URL(base) / "c" / "appointments" / appt_id / "cancel"`), `posixpath.join`/`os.path.join` and `urljoin`
    arguments, and furl path lists (`furl(base).add(path=["c", "book", link_id])`).

    ## Why is this bad
    Every appointment carries its action links ready to use (`cancel_url`, `reschedule_url`,
    `confirm_url`, `join_url`, `ics_url`, `add_to_calendar_url`) and every booking link its
    `url`. They are served from the account's own host, which may be a custom domain, and
    their paths are the API's to change. A URL rebuilt from an id gets both wrong sooner or
    later.

    ## Example
    ```python
    cancel = f"https://savvycal.com/c/appointments/{appt['id']}/cancel"
    book = "https://savvycal.com/c/book/" + link["id"]
    ```
    Use instead:
    ```python
    cancel = appt["cancel_url"]
    book = link["url"]
    ```

    ## Fix safety
    Report only: there is no fix. The object that holds the right field is not always in
    reach where the URL is built.
    """

    code = "APT103"
    name = "constructed-action-url"
    finish_order = 40
    finish_step = "stop assuming the host: use the URL fields the API returns (APT101-APT103)"
    summary = "Action or booking URL built from an id instead of read from its `*_url`/`url` field"
    fixable = False
    tokens = (APPOINTMENT_PATH, BOOKING_PATH)

    @classmethod
    def prefilter_alternatives(cls, hosts) -> list:
        # The paths as written, or as the parts a `"/".join([...])` puts together.
        # The paths as written (also relative, or without the last slash), or as the parts a `"/".join([...])`,
        # a `posixpath.join(...)`, a furl path list or a yarl/pathlib `/` chain puts together.
        parts = [((word,), (rb"[\"']c[\"']\s*[,/]\s*[\"']" + word + rb"[\"']",)) for word in (b"appointments", b"book")]
        return [((b"c/appointments",), ()), ((b"c/book",), ())] + parts

    VALID = [
        'x = "/".join(["c", "appointments", "appt_1", "cancel"])',  # nothing filled in at run time
        'x = appt["cancel_url"]',
        'x = link["url"]',
        'x = "https://savvycal.com/c/appointments/appt_1/cancel"',
        'x = "/c/book/" "bl_1"',
        'x = "/c/book/" + "bl_1"',
        'x = "/c/book/%s" % "bl_1"',
        'x = f"/api/appointments/{appt_id}/cancel"',
        'x = base + "/appointments/" + appt_id',
        'x = 1  # f"/c/appointments/{appt_id}/cancel"',
        'def f(appt_id):\n    """Builds /c/appointments/<id>/cancel by hand."""\n    return appt_id',
        'f"/c/book/{link_id}"',  # a bare string statement is documentation
        'import re\nm = re.match(r"/c/appointments/([^/]+)/cancel", path)',
    ]
    INVALID = [
        Invalid(
            'url = str(URL(base) / "c" / "appointments" / appt_id / "cancel")',
            line=1,
            column=11,
            message="action URL built by `/` on a URL or path object; it may have another host and path than the "
            "API's: read the appointment's `cancel_url` field instead",
        ),
        Invalid(
            'path = posixpath.join("/c/appointments", appt_id, "ics")',
            line=1,
            column=8,
            message="action URL built by `join`; it may have another host and path than the API's: read the "
            "appointment's `ics_url` field instead",
        ),
        Invalid(
            'x = "/".join([base, "c", "appointments", appt_id, "reschedule"])',
            line=1,
            column=5,
            message="action URL built by `\"/\".join`; it may have another host and path than the API's: read the appointment's `reschedule_url` field instead",
        ),
        Invalid(
            'from urllib.parse import urljoin\nx = urljoin(base, f"/c/appointments/{appt_id}/ics")',
            line=2,
            column=19,
            message="action URL built by f-string; it may have another host and path than the API's: read the appointment's `ics_url` field instead",
        ),
        Invalid(
            'x = "%s/c/appointments/%s/join" % (base, appt_id)',
            line=1,
            column=5,
            message="action URL built by `%` formatting; it may have another host and path than the API's: read the appointment's `join_url` field instead",
        ),
        Invalid(
            'x = f"https://savvycal.com/c/appointments/{appt_id}/cancel"',
            line=1,
            column=5,
            message="action URL built by f-string; it may have another host and path than the API's: read the appointment's `cancel_url` field instead",
        ),
        Invalid(
            'x = f"{base}/c/appointments/{appt_id}/reschedule"',
            line=1,
            column=5,
            message="action URL built by f-string; it may have another host and path than the API's: read the appointment's `reschedule_url` field instead",
        ),
        Invalid(
            'x = f"/c/appointments/{appt_id}/add_to_calendar?ref=mail"',
            line=1,
            column=5,
            message="action URL built by f-string; it may have another host and path than the API's: read the appointment's `add_to_calendar_url` field instead",
        ),
        Invalid(
            'x = f"/c/appointments/{appt_id}/{action}"',
            line=1,
            column=5,
            message="action URL built by f-string; it may have another host and path than the API's: read the matching `*_url` field of the appointment instead",
        ),
        Invalid(
            'x = f"/c/book/{link_id}"',
            line=1,
            column=5,
            message="action URL built by f-string; it may have another host and path than the API's: read the booking link's `url` field instead",
        ),
        Invalid(
            'x = "https://savvycal.com/c/appointments/%s/ics" % appt_id',
            line=1,
            column=5,
            message="action URL built by `%` formatting; it may have another host and path than the API's: read the appointment's `ics_url` field instead",
        ),
        Invalid(
            'x = "/c/book/%(id)s" % link',
            line=1,
            column=5,
            message="action URL built by `%` formatting; it may have another host and path than the API's: read the booking link's `url` field instead",
        ),
        Invalid(
            'x = "{}/c/appointments/{}/join".format(base, appt["id"])',
            line=1,
            column=5,
            message="action URL built by `str.format`; it may have another host and path than the API's: read the appointment's `join_url` field instead",
        ),
        Invalid(
            'x = "/c/book/" + link["id"]',
            line=1,
            column=5,
            message="action URL built by concatenation; it may have another host and path than the API's: read the booking link's `url` field instead",
        ),
        Invalid(
            'x = base + "/c/appointments/" + appt_id + "/confirm"',
            line=1,
            column=5,
            message="action URL built by concatenation; it may have another host and path than the API's: read the appointment's `confirm_url` field instead",
        ),
        Invalid(
            'x = ("https://savvycal.com/c/appointments/"\n     f"{appt_id}/cancel")',
            line=1,
            column=6,
            message="action URL built by concatenation; it may have another host and path than the API's: read the appointment's `cancel_url` field instead",
        ),
        Invalid(
            'x = f"/c/appointments/{appt_id}/cancel" + "?utm=1"',
            line=1,
            column=5,
            message="action URL built by concatenation; it may have another host and path than the API's: read the appointment's `cancel_url` field instead",
        ),
    ]

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        self._check_string(node)

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> None:
        self._check_string(node)

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        self._check_string(node)

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        if isinstance(node.operator, cst.Modulo):
            self._check_template(node, node.left, [node.right], "`%` formatting")
        elif isinstance(node.operator, cst.Divide):
            parent = self.parent(node)
            if not (isinstance(parent, cst.BinaryOperation) and isinstance(parent.operator, cst.Divide)):
                self._check_parts(node, _divided(node), "`/` on a URL or path object")  # yarl, pathlib
        else:
            self._check_string(node)

    def _check_parts(self, node, parts, way: str) -> None:
        """Path segments put together, some of them run-time values (None)."""
        if not parts or None not in parts or all(p is None for p in parts):
            return
        text = "/" + "/".join("{}" if p is None else p.strip("/") for p in parts)
        how = advice(text, self.settings.target_version)
        if how is not None:
            self._report(node, way, how)

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        name = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
        if name in ("join", "urljoin") and not (
            isinstance(func, cst.Attribute) and literal_text(func.value) is not None
        ):
            # posixpath.join / os.path.join / urljoin(base, f"...") with the segments as arguments
            self._check_parts(node, [literal_text(a.value) for a in node.args if a.keyword is None], f"`{name}`")
        for arg in node.args:  # furl(base).add(path=["c", "appointments", appt_id, "cancel"])
            if arg.keyword is not None and arg.keyword.value == "path" and isinstance(arg.value, (cst.List, cst.Tuple)):
                self._check_parts(node, [literal_text(e.value) for e in arg.value.elements], "a path list")
        if (  # string.Template("$base/c/appointments/$id/cancel").substitute(...)
            isinstance(func, cst.Attribute)
            and func.attr.value in ("substitute", "safe_substitute")
            and isinstance(func.value, cst.Call)
            and func.value.args
        ):
            template = literal_text(func.value.args[0].value)
            if template is not None and "$" in template:
                how = advice(re.sub(r"\$\{?\w+\}?", "{}", template), self.settings.target_version)
                if how is not None:
                    self._report(node, "`Template.substitute`", how)
        if isinstance(func, cst.Attribute) and func.attr.value == "format":
            self._check_template(node, func.value, [a.value for a in node.args], "`str.format`")
        elif (
            isinstance(func, cst.Attribute)
            and func.attr.value == "join"
            and literal_text(func.value) == "/"
            and len(node.args) == 1
            and isinstance(node.args[0].value, (cst.List, cst.Tuple))
        ):
            parts = [literal_text(e.value) for e in node.args[0].value.elements]
            if None in parts:  # a run-time value among the parts
                text = "/" + "/".join("{}" if p is None else p for p in parts)
                how = advice(text, self.settings.target_version)
                if how is not None:
                    self._report(node, '`"/".join`', how)

    def _check_string(self, node) -> None:
        """f-strings and `+` chains that put a run-time value into an action path."""
        segments = code_string(self, node)
        if segments is None or None not in segments:
            return
        text = joined(segments)
        how = advice(text, self.settings.target_version)
        if how is not None:
            self._report(node, "f-string" if isinstance(node, cst.FormattedString) else "concatenation", how)

    def _check_template(self, node, template, values, way: str) -> None:
        """`"...%s" % x` and `"...{}".format(x)`; a template that is itself built is left to _check_string."""
        segments = string_segments(template)
        if segments is None or None in segments or all(is_literal(v) for v in values):
            return
        how = advice(joined(segments), self.settings.target_version)
        if how is not None:
            self._report(node, way, how)

    def _report(self, node, way: str, how: str) -> None:
        self.report(node, f"action URL built by {way}; it may have another host and path than the API's: {how}")

    @classmethod
    def template_tokens(cls, hosts) -> tuple[str, ...]:
        # The words, not the paths: a Jinja `~` chain may build "/c/appointments/" from pieces.
        return ("appointments", "book")

    @classmethod
    def check_template(cls, template, settings):
        """`href=".../c/appointments/{{ appt.id }}/cancel"`, or a Jinja `~` chain building one."""
        from apptlint.code.templates.model import PLACEHOLDER, TemplateHit

        for text in template.texts:
            joined_text = text.joined
            for match in URL_AROUND.finditer(joined_text):
                url = match.group()
                how = advice(url, settings.target_version) if PLACEHOLDER in url else None
                if how is None:
                    continue
                way = "template markup" if text.in_markup else "concatenation (`~`)"
                yield TemplateHit(
                    text.offset(match.start()),
                    text.offset(match.end() - 1) + 1,
                    f"action URL built by {way}; it may have another host and path than the API's: {how}",
                )
