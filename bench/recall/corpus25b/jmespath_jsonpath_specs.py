"""Declarative extractors used by the ETL "connectors" framework.

Each connector lists expressions; the runner evaluates them against the
source document. Two query languages are supported: JMESPath and JSONPath.
"""
import jmespath
from jsonpath_ng.ext import parse as jsonpath
import pydash
import toolz

SAVVYCAL_LIST_EXTRACTORS = {
    "ids": jmespath.compile("data[].id"),
    "cancel_links": jmespath.compile("data[].urls.cancel[0]"),
    "reschedule_links": jmespath.compile("data[].reschedule_url"),
    "last_join": jmespath.compile("data[].urls.join[-1]"),
    "all_ics": jmespath.compile("data[].urls.ics[]"),
    "gcal": jmespath.compile("data[].urls.add_to_google_calendar[0]"),
    "first_confirm": jmespath.compile("data[0].urls.confirm[0]"),
    "join_or_legacy": jmespath.compile("data[].join_url || urls.join[0]"),
}

SAVVYCAL_EVENT_PATHS = {
    "reschedule": jsonpath("$.data.object.urls.reschedule[0]"),
    "any_link": jsonpath("$.data.object.urls.*[0]"),
    "ics": jsonpath("$.data.object.ics_url"),
    "confirm_count": jsonpath("$.data.object.urls.confirm.`len`"),
}

GITHUB_RELEASE_EXTRACTORS = {
    "tarball": jmespath.compile("tarball_url"),
    "first_asset": jmespath.compile("assets[0].browser_download_url"),
    "html": jmespath.compile("html_url"),
}

PYPI_EXTRACTORS = {
    "sdist": jmespath.compile("urls[?packagetype=='sdist'].url | [0]"),
    "first_file": jsonpath("$.urls[0].url"),
}


def pick_public(doc: dict) -> dict:
    """Helpers for the public booking-page connector (PublicAppointment)."""
    return {
        "cancel": pydash.get(doc, "data.urls.cancel[0]"),
        "add_to_calendar": toolz.get_in(["data", "urls", "add_to_calendar", 0], doc),
        "ics": pydash.get(doc, "data.ics_url"),
    }


def run(extractors: dict, doc: dict) -> dict:
    out = {}
    for name, expr in extractors.items():
        if hasattr(expr, "search"):
            out[name] = expr.search(doc)
        else:
            out[name] = [m.value for m in expr.find(doc)]
    return out
