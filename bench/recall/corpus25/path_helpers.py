"""Path-based accessors used by the integrations service."""
from operator import attrgetter

import jmespath
from glom import Coalesce, glom
from toolz import get_in, pluck


def summarize(event: dict) -> dict:
    return {
        "cancel": glom(event, "data.object.urls.cancel.0"),
        "reschedule": jmespath.search("data.object.urls.reschedule[0]", event),
        "ics": get_in(["data", "object", "urls", "ics", 0], event),
        "confirm": glom(event, "data.object.confirm_url"),
        "join": jmespath.search("data.object.join_url", event),
    }


def last_join(appt: dict):
    return jmespath.search("urls.join[-1]", appt)


def all_ics(appts: list[dict]):
    return jmespath.search("[].urls.ics[0]", appts)


def piped_cancel(appt: dict):
    return jmespath.search("urls.cancel | [0]", appt)


def google(appt: dict):
    return glom(appt, "urls.add_to_google_calendar.0")


def cancel_or_legacy(appt: dict):
    return glom(appt, Coalesce("cancel_url", "urls.cancel.0"))


def first_reschedules(appts: list[dict]) -> list[str]:
    return list(pluck(0, pluck("reschedule", pluck("urls", appts))))


def link_count(appt: dict) -> int:
    return len(get_in(["urls", "cancel"], appt, []))


def second_ics(appt: dict):
    return glom(appt, "urls.ics.1")


def model_cancel(model_obj) -> str:
    return attrgetter("urls.cancel")(model_obj)[0]


def repo_pages(gh_repos: list[dict]):
    return jmespath.search("[].urls.html", gh_repos)


def flat_everything(appt: dict) -> dict:
    return glom(appt, {"cancel": "cancel_url", "reschedule": "reschedule_url", "ics": "ics_url"})
