"""Links shown on the patient portal's "My visits" page."""

FRONTEND = {
    "base": "https://portal.example-clinic.com",
    "urls": {
        "cancel": "/account/appointments/cancel",
        "reschedule": "/account/appointments/reschedule",
        "history": "/account/appointments/history",
    },
}


def portal_cancel_path() -> str:
    return FRONTEND["urls"]["cancel"]


def portal_first_route_char() -> str:
    return FRONTEND["urls"]["reschedule"][0]


def repo_links(repo: dict) -> str:
    return repo["urls"]["html"]


def visit_card(appointment: dict) -> dict:
    return {
        "portal_cancel": FRONTEND["base"] + FRONTEND["urls"]["cancel"],
        "savvycal_cancel": appointment["urls"]["cancel"][0],
        "savvycal_reschedule": appointment["reschedule_url"],
        "history": FRONTEND["base"] + FRONTEND["urls"]["history"],
    }


def visit_cards(appointments: list[dict]) -> list[dict]:
    return [visit_card(a) for a in appointments]


def ics_links(appointments: list[dict]) -> list[str]:
    return [visit["urls"]["ics"][0] for visit in appointments]


def join_links(appointments: list[dict]) -> dict[str, str]:
    return {visit["id"]: visit["join_url"] for visit in appointments}
