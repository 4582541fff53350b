"""Templates: the same rules, codes and fixes as Python, read with Jinja2's and Django's own lexers."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apptlint.code.templates.check import check_template_source, engine_of, is_template
from apptlint.code.templates.readers import read
from apptlint.core import registry
from apptlint.core.config import Settings

CODES = [r.code for r in registry.code_rules()]


def run(source: str, engine: str, fix=True, unsafe=True, path=None):
    path = path or ("t.j2" if engine == "jinja" else "templates/t.html")
    result, missing = check_template_source(path, source.encode(), Settings(), CODES, fix, unsafe)
    assert missing is None and result.error is None, result.error
    return result


def codes(source: str, engine: str) -> list[str]:
    result = run(source, engine, fix=False)
    return sorted(f.code for f in result.findings)


def check_transformed(before: str, after: str, engine: str) -> None:
    result = run(before, engine)
    assert result.new_source is not None, [f.message for f in result.findings]
    assert result.new_source.decode() == after
    again = run(after, engine)
    assert again.new_source is None, "a second run changes nothing"


def check_noop(source: str, engine: str) -> None:
    result = run(source, engine)
    assert result.findings == [] and result.new_source is None, [f.message for f in result.findings]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("{{ appt.urls.cancel[0] }}", "{{ appt.cancel_url }}"),
        ('{{ appt["urls"]["cancel"][0] }}', '{{ appt["cancel_url"] }}'),
        ("{{ appt['urls']['join'][0] }}", "{{ appt['join_url'] }}"),
        ('{{ appt.urls["cancel"] | first }}', "{{ appt.cancel_url }}"),
        ("{{ appt.urls.cancel.0 }}", "{{ appt.cancel_url }}"),
        ("{{- appt.urls.reschedule[0]|urlencode -}}", "{{- appt.reschedule_url|urlencode -}}"),
        ('<a href="{{ booking.appointment.urls.ics[0] }}">', '<a href="{{ booking.appointment.ics_url }}">'),
        ("{% set link = appt.urls.cancel[0] %}{{ link }}", "{% set link = appt.cancel_url %}{{ link }}"),
        ("{% if appt.urls.join[0] %}x{% endif %}", "{% if appt.join_url %}x{% endif %}"),
        ("a\r\n{{ appt.urls.cancel[0] }}\r\n", "a\r\n{{ appt.cancel_url }}\r\n"),
        ("\ufeff{{ appt.urls.cancel[0] }}", "\ufeff{{ appt.cancel_url }}"),
    ],
)
def test_jinja_first_url_reads_become_the_flat_field(before, after):
    check_transformed(before, after, "jinja")


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("{{ appointment.urls.cancel.0 }}", "{{ appointment.cancel_url }}"),
        ("{{ appointment.urls.cancel.0|urlencode }}", "{{ appointment.cancel_url|urlencode }}"),
        ("{{ appointment.urls.join|first }}", "{{ appointment.join_url }}"),
        (
            "{% with u=appointment.urls.ics.0 %}{{ u }}{% endwith %}",
            "{% with u=appointment.ics_url %}{{ u }}{% endwith %}",
        ),
        (
            "{% load static %}\n{{ a.urls.reschedule.0|default:'' }}",
            "{% load static %}\n{{ a.reschedule_url|default:'' }}",
        ),
    ],
)
def test_django_first_url_reads_become_the_flat_field(before, after):
    check_transformed(before, after, "django")


@pytest.mark.parametrize(
    ("source", "engine", "expected"),
    [
        ("{% for u in appt.urls.cancel %}{{ u }}{% endfor %}", "jinja", ["APT002"]),
        ("{{ appt.urls.cancel | length }}", "jinja", ["APT002"]),
        ("{{ appt.urls.cancel | join(', ') }}", "jinja", ["APT002"]),
        ("{{ appt.urls.cancel[1] }}", "jinja", ["APT002"]),
        ("{% if appt.urls.join %}j{% endif %}", "jinja", ["APT002"]),
        ("{% for u in appointment.urls.cancel %}{{ u }}{% endfor %}", "django", ["APT002"]),
        ("{% if appointment.urls.join %}j{% endif %}", "django", ["APT002"]),
        ("{{ appointment.urls.cancel|length }}", "django", ["APT002"]),
        ("{{ appt.urls.add_to_google_calendar[0] }}", "jinja", ["APT003"]),
        ("{{ appointment.urls.add_to_google_calendar.0 }}", "django", ["APT003"]),
        ('<a href="https://app.savvycal.com/c/appointments/{{ appt.id }}/cancel">', "django", ["APT101", "APT103"]),
        ('{{ "https://savvycal.com/c/appointments/" ~ appt.id ~ "/reschedule" }}', "jinja", ["APT101", "APT103"]),
        ('<img src="https://savvycal.com/logo.png">', "jinja", ["APT101"]),
        ('<a href="/c/appointments/{{ appointment.id }}/cancel">', "django", ["APT103"]),
    ],
)
def test_other_uses_hosts_and_built_urls_are_reported(source, engine, expected):
    assert codes(source, engine) == expected
    assert run(source, engine).new_source is None  # reported, never rewritten


@pytest.mark.parametrize(
    ("source", "engine"),
    [
        ("{{ request.urls.cancel[0] }}", "jinja"),  # not an appointment's urls
        ("{{ appt.urls.homepage[0] }}", "jinja"),  # a urls of keys this API never had
        ("{{ urls.cancel[0] }}", "jinja"),  # a bare `urls` variable: whose, the template does not say
        ("{{ appt.cancel_url }}", "jinja"),
        ("{# {{ appt.urls.cancel[0] }} https://savvycal.com/x #}", "jinja"),
        ("{% raw %}{{ appt.urls.cancel[0] }}{% endraw %}", "jinja"),
        ("{% comment %}{{ appointment.urls.cancel.0 }} https://savvycal.com/x{% endcomment %}", "django"),
        ("{% verbatim %}{{ appointment.urls.cancel.0 }}{% endverbatim %}", "django"),
        ("{# noqa: APT001 #}{{ appt.urls.cancel[0] }}", "jinja"),
        ("{{ appointment.urls.cancel.0 }} {# noqa #}", "django"),
        ("Write to support@savvycal.com", "django"),  # an address, not a URL
    ],
)
def test_what_is_not_a_finding(source, engine):
    check_noop(source, engine)


def test_the_fix_is_unsafe_as_in_python():
    result = run("{{ appt.urls.cancel[0] }}", "jinja", unsafe=False)
    assert result.new_source is None and result.unsafe_hidden == 1 and result.findings[0].fixable


def test_findings_carry_line_column_and_end():
    result = run("<p>\n  {{ appt.urls.cancel[0] }}</p>", "jinja", fix=False)
    (finding,) = result.findings
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (2, 10, 2, 25)
    assert finding.replacement == ".cancel_url"


@pytest.mark.parametrize(
    ("path", "text", "engine"),
    [
        ("app/templates/email.j2", "{{ x }}", "jinja"),
        ("app/templates/email.html", "{% load i18n %}{{ x }}", "django"),
        ("app/templates/email.html", "{{- x -}}", "jinja"),
        ("app/templates/email.html", "{{ x ~ y }}", "jinja"),
        ("app/templates/email.html", "{{ x|date:'Y' }}{{ y[0] }}", "django"),
        ("app/templates/email.html", "{{ x }}", "django"),
    ],
)
def test_engine_detection(path, text, engine):
    assert engine_of(path, text, Settings()) == engine


def test_engine_and_globs_from_configuration():
    configured = Settings(template_engines={"emails/*.html": "jinja"}, template_globs=["emails/*.html"])
    assert engine_of("app/emails/a.html", "{% load x %}", configured) == "jinja"
    assert is_template("app/emails/a.html", configured)
    assert not is_template("app/templates/a.html", configured)
    assert is_template("app/templates/a.html", Settings()) and is_template("x/y.jinja2", Settings())
    assert not is_template("docs/readme.txt", Settings())


@pytest.mark.parametrize(
    ("source", "engine", "line"),
    [
        ("ok\n{{ appt.urls.cancel[0] ", "jinja", 2),
        ("{% for x in y %}\n{{ x.urls }}", "jinja", 2),
        ("a\n{% for x in y %}{{ x.urls }}", "django", 2),
        ("{% endif %}{# savvycal.com #}", "django", 1),
    ],
)
def test_a_template_that_does_not_parse_is_reported_with_its_line(source, engine, line):
    path = "t.j2" if engine == "jinja" else "templates/t.html"
    result, _ = check_template_source(path, source.encode(), Settings(), CODES, True, True)
    assert result.error is not None and result.error.code == "APT999" and result.error.line == line
    assert result.new_source is None


def test_cli_checks_templates_in_a_walk_and_reports_through_every_format(cli, tmp_path, monkeypatch):
    folder = tmp_path / "app" / "templates"
    folder.mkdir(parents=True)
    (folder / "confirm.html").write_text("<a href='{{ appointment.urls.cancel.0 }}'>x</a>\n")
    (folder / "notes.txt").write_text("{{ appt.urls.ics[0] }}\n")
    (tmp_path / "README.txt").write_text("{{ appt.urls.ics[0] }}\n")  # not under templates/: not a template
    monkeypatch.chdir(tmp_path)
    result = cli("check", "--output-format", "json", ".")
    found = json.loads(result.stdout)["findings"]
    assert sorted((f["path"], f["code"]) for f in found) == [
        ("app/templates/confirm.html", "APT001"),
        ("app/templates/notes.txt", "APT001"),
    ]
    sarif = json.loads(cli("check", "--output-format", "sarif", ".").stdout)
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} == {"APT001"}
    fixed = cli("check", "--fix", "--unsafe-fixes", ".")
    assert fixed.exit_code == 0, fixed.output
    assert (folder / "confirm.html").read_text() == "<a href='{{ appointment.cancel_url }}'>x</a>\n"
    assert (tmp_path / "README.txt").read_text() == "{{ appt.urls.ics[0] }}\n"


def test_missing_engine_skips_with_one_notice(cli, tmp_path, monkeypatch):
    from apptlint.code.templates import check

    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "a.j2").write_text("{{ appt.urls.ics[0] }}\n")
    (folder / "b.j2").write_text("{{ appt.urls.ics[0] }}\n")
    monkeypatch.setattr(check, "engine_available", lambda engine: False)
    result = cli("check", str(tmp_path))
    assert result.exit_code == 0
    assert result.stderr.count("template(s) skipped") == 1
    assert "2 jinja template(s) skipped: `pip install 'apptlint[jinja]'`" in result.stderr


def test_per_file_ignores_apply_to_templates(tmp_path):
    configured = Settings(per_file_ignores={"legacy/*": ["APT001"]})
    source = b"{{ appt.urls.cancel[0] }}"
    ignored, _ = check_template_source("legacy/a.j2", source, configured, CODES, False, False)
    kept, _ = check_template_source("app/a.j2", source, configured, CODES, False, False)
    assert ignored.findings == [] and [f.code for f in kept.findings] == ["APT001"]


# ---- properties: any surrounding text, any engine ------------------------------------------------

FILLER = st.text(alphabet=st.sampled_from(list("ab \t\r\n<>/=\"'é") + ["\u2028"]), max_size=12)
JINJA_READS = [
    "{{ appt.urls.cancel[0] }}",
    "{{- appt.urls.join[0] -}}",
    '{{ appt["urls"]["ics"][0]|e }}',
    "{{ appt.urls.reschedule | first }}",
    "{# a.urls.cancel[0] #}",
    "{{ appt.id }}",
    "{% for u in appt.urls.cancel %}{{ u }}{% endfor %}",
]
DJANGO_READS = [
    "{{ appointment.urls.cancel.0 }}",
    "{{ appointment.urls.join.0|urlencode }}",
    "{{ appointment.urls.ics|first }}",
    "{# appointment.urls.cancel.0 #}",
    "{% if appointment.urls.join %}j{% endif %}",
]


@settings(max_examples=150, deadline=None)
@given(engine=st.sampled_from(["jinja", "django"]), data=st.data())
def test_property_fixes_touch_only_the_reads_reparse_and_are_idempotent(engine, data):
    reads = JINJA_READS if engine == "jinja" else DJANGO_READS
    parts = data.draw(st.lists(st.tuples(FILLER, st.sampled_from(reads)), max_size=6))
    source = "".join(filler + read_ for filler, read_ in parts) + data.draw(FILLER)
    result = run(source, engine)
    if result.new_source is None:
        assert not any(f.fixable for f in result.findings)
        return
    new = result.new_source.decode()
    read(result.path, new, engine)  # re-parses
    # Every piece of filler survives in order; only reads changed.
    cursor = 0
    for filler, _ in parts:
        at = new.find(filler, cursor) if filler else cursor
        assert at >= 0
        cursor = at + len(filler)
    assert run(new, engine).new_source is None
    assert new.count("\r") == source.count("\r") and new.count("\n") == source.count("\n")


def test_stdin_and_the_python_api_read_templates_by_their_name(cli):
    import apptlint

    result = cli(
        "check", "--fix", "--unsafe-fixes", "--stdin-filename", "app/templates/x.j2", "-", input="{{ a.urls.ics[0] }}\n"
    )
    assert result.stdout == "{{ a.ics_url }}\n"
    found = apptlint.check_source("{{ appointment.urls.join.0 }}", "templates/a.html").findings
    assert [f.code for f in found] == ["APT001"]


def test_a_template_that_is_not_utf8_is_reported_not_read():
    result, _ = check_template_source("templates/a.html", b"\xff\xfe{{ x.urls }}", Settings(), CODES, True, True)
    assert result.error is not None and result.error.code == "APT999" and "UTF-8" in result.error.message


@pytest.mark.parametrize("source", [b"{% for x in y %}\n{{ x }}", b"\xff\xfe{{ x }}", b"<a href='{% url 'home' %}'>"])
def test_a_template_without_any_rules_word_is_not_read(source, monkeypatch):
    # Like a Python file no prefilter lets through: a template that names no `urls`, host or action path
    # cannot hold a finding, so it is neither decoded nor lexed (Django's admin has hundreds of them).
    from apptlint.code.templates import check

    monkeypatch.setattr(check, "read", lambda *a: pytest.fail("lexed"))
    result, missing = check_template_source("templates/a.html", source, Settings(), CODES, True, True)
    assert (result.error, result.findings, result.new_source, missing) == (None, [], None, None)


def test_a_template_with_a_rules_word_is_read():
    for source in (b"{{ a.urls }}", b"savvycal", b"{{ '/c/' ~ 'appointments/' ~ a.id }}", b"{{ x.book }}"):
        result, _ = check_template_source("t.j2", source + b" {% for x in y %}", Settings(), CODES, True, True)
        assert result.error is not None and result.error.code == "APT999", source


@pytest.mark.parametrize(
    ("source", "engine", "expected", "fixed"),
    [
        # A lookup spelled inside a string is text (a translation id), never rewritten.
        ('{% trans "Use appt.urls.cancel.0 to cancel" %}', "django", [], None),
        # A filter argument is one chain, not two: both reads are fixed.
        (
            "{% if a.urls.cancel.0|default:b.urls.cancel.0 %}x{% endif %}",
            "django",
            ["APT001", "APT001"],
            "{% if a.cancel_url|default:b.cancel_url %}x{% endif %}",
        ),
        # Jinja's common extensions parse: the read is found and fixed.
        (
            "{% trans %}Hi{% endtrans %}{{ a.urls.ics[0] }}",
            "jinja",
            ["APT001"],
            "{% trans %}Hi{% endtrans %}{{ a.ics_url }}",
        ),
        ("{% for x in y %}{% break %}{% endfor %}{{ a.urls.ics[0] }}", "jinja", ["APT001"], None),
        # A URL built in `{% set %}` is seen whole.
        (
            '{% set u = "https://savvycal.com/c/appointments/" ~ a.id ~ "/cancel" %}',
            "jinja",
            ["APT101", "APT103"],
            None,
        ),
    ],
)
def test_review_cases(source, engine, expected, fixed):
    result = run(source, engine)
    assert sorted(f.code for f in result.findings + result.applied) == expected
    if fixed is not None:
        assert result.new_source.decode() == fixed


def test_a_tag_of_the_projects_own_extension_reports_but_never_fixes():
    result = run("{% cache 60 %}{{ a.urls.ics[0] }}{% endcache %}", "jinja")
    assert [f.code for f in result.findings] == ["APT001"] and result.new_source is None


def test_suggested_fix_text_keeps_the_block_indentation():
    """The replacement shown in JSON/SARIF for an unapplied multi-line fix is what --fix would write."""
    import apptlint

    source = 'def f():\n    return {\n        "object": "appointment",\n        "urls": {"cancel": ["c"], "ics": ["i"]},\n    }\n'
    (finding,) = apptlint.check_source(source, "a.py", unsafe_fixes=True).findings
    fixed = apptlint.check_source(source, "a.py", fix=True, unsafe_fixes=True).fixed_source
    assert finding.replacement is not None and finding.replacement in fixed
    assert '\n        "cancel_url": "c",\n' in finding.replacement


@pytest.mark.parametrize(
    "source,engine",
    [
        ('{% set links = appt.urls %}<a href="{{ links.cancel[0] }}">x</a>', "jinja"),
        ("{% set links = appt['urls'] %}{{ links.cancel | first }}", "jinja"),
        ('{% with u=appointment.urls %}<a href="{{ u.cancel.0 }}">x</a>{% endwith %}', "django"),
        ("{% with appointment.urls as u %}{{ u.cancel.0 }}{% endwith %}", "django"),
    ],
)
def test_an_alias_of_the_urls_object_is_followed_and_not_rewritten(source, engine):
    result = run(source, engine)
    assert [f.code for f in result.findings] == ["APT001"], [f.message for f in result.findings]
    assert not result.findings[0].fixable and result.new_source is None


def test_an_alias_of_another_urls_is_not_followed():
    assert codes("{% set links = request.urls %}{{ links.cancel[0] }}", "jinja") == []
