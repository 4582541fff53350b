"""APT101-APT103: what the VALID/INVALID lists cannot say (settings, counts, places, messages)."""

import pytest

from apptlint.code.engine import check_paths
from apptlint.core.config import Settings, load_settings
from apptlint.code.rule import CodeRule
from apptlint.rules.apt101_hard_coded_host import HardCodedHost
from tests.helpers import codes_found, run

HOST_RULES = ["APT101", "APT102", "APT103"]
ACME = Settings(hosts=["book.acme.com"])


def findings(src, codes, settings=None):
    return [f for f in run(src, codes, settings=settings).findings if f.code in codes]


# ---- APT101 and configured hosts ------------------------------------------------------------


@pytest.mark.parametrize(
    "src",
    [
        'x = "https://book.acme.com/c/book/bl_1"',
        'x = "//eu.book.acme.com/x"',
        'x = f"https://book.acme.com/c/appointments/{appt_id}/cancel"',
        'x = "book.acme.com/c/book/bl_1"',
    ],
)
def test_configured_host_and_its_subdomains_are_flagged(src):
    assert codes_found(src, ["APT101"], settings=ACME) == ["APT101"]
    assert codes_found(src, ["APT101"]) == []  # not a host of this project without the setting


@pytest.mark.parametrize(
    "src",
    [
        'x = "https://notbook.acme.com/x"',
        'x = "https://acme.com/x"',
        'x = "https://book.acme.com.example.net/x"',
        'x = "bookings@book.acme.com"',
    ],
)
def test_configured_host_matches_on_label_boundaries_only(src):
    assert codes_found(src, ["APT101"], settings=ACME) == []


def test_configured_hosts_are_normalised():
    settings = Settings(hosts=["Book.Acme.com."])
    assert codes_found('x = "https://book.acme.com/x"', ["APT101"], settings=settings) == ["APT101"]


def test_prefilter_tokens_default_to_tokens_and_apt101_uses_the_configured_hosts():
    assert CodeRule.prefilter_tokens(ACME.all_hosts) == ()
    assert HardCodedHost.prefilter_tokens(Settings().all_hosts) == ("savvycal.com",)
    assert HardCodedHost.prefilter_tokens(ACME.all_hosts) == ("savvycal.com", "book.acme.com")


def test_configured_hosts_reach_the_checker_from_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.apptlint]\nhosts = ["book.acme.com"]\n')
    (tmp_path / "client.py").write_text('CANCEL = "https://book.acme.com/c/appointments/a1/cancel"\n')
    report, _ = check_paths([str(tmp_path)], load_settings([str(tmp_path)]), select=["APT101"], jobs=1)
    assert [(f.code, f.line) for f in report.findings] == [("APT101", 1)]


def test_a_concatenation_is_reported_once_as_a_whole():
    src = 'x = "https://" + "savvycal.com/c/appointments/" + appt_id + "/cancel"'
    [finding] = findings(src, ["APT101"])
    assert (finding.line, finding.column, finding.end_column) == (1, 5, len(src) + 1)


def test_one_report_names_every_host_of_the_expression():
    [finding] = findings('x = ("https://savvycal.com/a"\n     "?next=https://book.acme.com/b")', ["APT101"], ACME)
    assert "`savvycal.com`" in finding.message and "`book.acme.com`" in finding.message


def test_each_string_of_a_call_is_its_own_expression():
    src = 'go("https://savvycal.com/a", "https://app.savvycal.com/b")'
    assert codes_found(src, ["APT101"]) == ["APT101", "APT101"]


def test_apt101_message_points_to_the_returned_url_fields():
    [finding] = findings('BASE = "https://app.savvycal.com"', ["APT101"])
    assert "`app.savvycal.com`" in finding.message
    assert "custom domain" in finding.message and "`*_url`" in finding.message and "`url`" in finding.message


def test_a_run_time_subdomain_is_shown_as_a_placeholder():
    [finding] = findings('x = f"https://{team}.savvycal.com/c/book/{link_id}"', ["APT101"])
    assert "`{...}.savvycal.com`" in finding.message


# ---- documentation is never code -------------------------------------------------------------

DOCUMENTED = '''"""Links look like https://app.savvycal.com/c/appointments/<id>/cancel."""
# https://savvycal.com/c/book/<id> is built by f"/c/book/{link_id}"


class Client:
    """Wraps https://book.acme.com/c/book/<id>; see /c/appointments/ too."""

    def cancel(self, appt):
        """Never build https://savvycal.com/c/appointments/%s/cancel % id."""
        return appt["cancel_url"]  # not f"https://savvycal.com/c/appointments/{appt['id']}/cancel"


async def book(link):
    """urlparse(u).netloc == "savvycal.com" is what we avoid."""
    return link["url"]
'''


def test_comments_and_docstrings_never_fire():
    assert codes_found(DOCUMENTED, HOST_RULES, settings=ACME) == []


def test_code_after_a_docstring_still_fires():
    src = 'def f(appt_id):\n    """Docs."""\n    return f"https://savvycal.com/c/appointments/{appt_id}/cancel"\n'
    assert sorted(codes_found(src, HOST_RULES)) == ["APT101", "APT103"]


# ---- APT102 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "src",
    [
        'ok = urlparse(u).hostname == "book.acme.internal"',
        'import re\nok = re.search(r"book\\.acme\\.internal", u)',
        'u = u.replace("book.acme.internal", "x")',
    ],
)
def test_apt102_knows_configured_hosts_with_any_tld(src):
    settings = Settings(hosts=["book.acme.internal"])
    assert codes_found(src, ["APT102"], settings=settings) == ["APT102"]


def test_apt102_reports_the_whole_comparison_once():
    src = 'ok = urlparse(u).netloc == "savvycal.com" or urlparse(u).netloc in ("a.savvycal.com", "b.com")'
    first, second = 'urlparse(u).netloc == "savvycal.com"', 'urlparse(u).netloc in ("a.savvycal.com", "b.com")'
    spans = [(src.index(part) + 1, src.index(part) + len(part) + 1) for part in (first, second)]
    assert [(f.column, f.end_column) for f in findings(src, ["APT102"])] == spans


def test_apt102_split_is_reported_on_the_subscript():
    [finding] = findings('host = appt["cancel_url"].split("/")[2]', ["APT102"])
    assert (finding.column, finding.end_column) == (8, 40)
    assert "custom domain" in finding.message


# ---- APT103 -----------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["add_to_calendar", "cancel", "confirm", "ics", "join", "reschedule"])
@pytest.mark.parametrize(
    "template",
    [
        'x = f"https://savvycal.com/c/appointments/{{appt_id}}/{action}"',
        'x = "/c/appointments/%s/{action}" % appt_id',
        'x = "/c/appointments/{{}}/{action}?x=1".format(appt_id)',
        'x = base + "/c/appointments/" + appt_id + "/{action}"',
    ],
)
def test_apt103_names_the_flat_field_of_the_action(template, action):
    [finding] = findings(template.format(action=action), ["APT103"])
    assert f"`{action}_url`" in finding.message


@pytest.mark.parametrize(
    "src",
    [
        'x = f"/c/appointments/{appt_id}/{action}"',
        'x = f"/c/appointments/{appt_id}/cancel_later"',
        'x = f"/c/appointments/{appt_id}"',
    ],
)
def test_apt103_other_actions_get_the_generic_advice(src):
    [finding] = findings(src, ["APT103"])
    assert "`*_url`" in finding.message


def test_apt103_booking_links_point_to_url():
    [finding] = findings('x = "https://savvycal.com/c/book/" + link["id"]', ["APT103"])
    assert "booking link's `url`" in finding.message


def test_apt103_reports_a_built_template_once():
    assert codes_found('x = ("/c/book/" + prefix + "{}").format(link_id)', ["APT103"]) == ["APT103"]


def test_apt103_constant_urls_are_left_to_apt101():
    src = 'x = "https://savvycal.com/c/appointments/appt_1/cancel"'
    assert codes_found(src, HOST_RULES) == ["APT101"]
