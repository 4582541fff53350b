"""Assorted nested-access helpers from the reporting repo."""
import operator
from functools import reduce

import dpath
import pydash
from jsonpath_ng import parse as jsonpath


def deep_get(d, *keys, default=None):
    for k in keys:
        try:
            d = d[k]
        except (KeyError, IndexError, TypeError):
            return default
    return d


def via_reduce(appt: dict) -> str:
    return reduce(operator.getitem, ["urls", "cancel", 0], appt)


def via_dpath(appt: dict) -> str:
    return dpath.get(appt, "urls/reschedule/0")


def via_pydash(appt: dict) -> str:
    return pydash.get(appt, "urls.confirm[0]")


def via_jsonpath(appt: dict) -> str:
    return jsonpath("$.urls.join[0]").find(appt)[0].value


def via_helper(appt: dict) -> str:
    return deep_get(appt, "urls", "ics", 0)


def google_via_helper(appt: dict) -> str:
    return deep_get(appt, "urls", "add_to_google_calendar", 0, default="")


def google_via_pydash(appt: dict) -> str:
    return pydash.get(appt, ["urls", "add_to_google_calendar", 0])


def all_via_jsonpath(appt: dict) -> list[str]:
    return [m.value for m in jsonpath("$.urls.cancel[*]").find(appt)]


def flat_via_helper(appt: dict) -> str:
    return deep_get(appt, "cancel_url")


def flat_via_pydash(appt: dict) -> str:
    return pydash.get(appt, "add_to_calendar_url")


def settings_value(config: dict) -> str:
    return pydash.get(config, "urls.cancel[0]")


def last_via_dpath(appt: dict) -> str:
    return dpath.get(appt, "urls/ics/-1")
