"""Zendesk sidebar: context block for tickets that mention an appointment id."""
import re

import jmespath
from glom import Coalesce, T, glom

APPT_ID = re.compile(r"\bappt_[a-z0-9]{12}\b")
HELP_ARTICLE = "https://help.acme.com/booking-issues"

SPEC = {
    "id": "id",
    "status": "status",
    "reschedule": "urls.reschedule.0",
    "cancel": Coalesce("cancel_url", "urls.cancel.0"),
    "join": ("urls.join", T[0]),
    "gcal": "urls.add_to_google_calendar.0",
    "provider_link": Coalesce("meeting.join_url", default=None),
}

LIST_EXPR = jmespath.compile("data[].{id: id, confirm: urls.confirm[0], ics: ics_url}")
COUNT_EXPR = jmespath.compile("length(data[?urls.join])")


def extract_ids(ticket_text: str) -> list[str]:
    return sorted(set(APPT_ID.findall(ticket_text)))


def context_block(appt: dict) -> dict:
    return glom(appt, SPEC)


def list_block(resp: dict) -> list[dict]:
    return LIST_EXPR.search(resp)


def zendesk_payload(ticket_id: int, appts: list[dict]) -> dict:
    ids = ",".join(a["id"] for a in appts)
    return {
        "ticket": {"id": ticket_id, "custom_fields": [{"id": 360001, "value": ids}]},
        "joinable": COUNT_EXPR.search({"data": appts}),
        "help": HELP_ARTICLE,
        "links": [glom(a, "urls") for a in appts],
    }
