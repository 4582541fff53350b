import os

import pydash
import requests
from toolz import curry, get_in, pipe
from toolz.curried import filter as cfilter
from toolz.curried import map as cmap

HUBSPOT = "https://api.hubapi.com/crm/v3/objects/contacts"
HEADERS = {"Authorization": f"Bearer {os.environ.get('HUBSPOT_TOKEN', '')}"}
BOOKING_SUBDOMAIN = os.environ.get("BOOKING_SUBDOMAIN", "acme")


def contact_properties(appt: dict) -> dict:
    return {
        "email": appt["client"]["email"],
        "next_appointment_id": appt["id"],
        "next_appointment_start": appt["start_at"]["utc"],
        "next_appointment_reschedule_link": get_in(["urls", "reschedule", 0], appt),
        "next_appointment_cancel_link": pydash.get(appt, "urls.cancel[0]"),
        "next_appointment_join_link": pydash.get(appt, "join_url"),
        "next_appointment_gcal_link": get_in(["urls", "add_to_google_calendar", 0], appt, default=""),
        "next_appointment_confirm_link": appt.get("confirm_url") or pydash.get(appt, ["urls", "confirm", 0]),
    }


def rebook_link(link: dict) -> str:
    """Contact property for the 'book again' button, from a booking link object."""
    return f"https://{BOOKING_SUBDOMAIN}.savvycal.com/c/book/{link['id']}"


@curry
def upsert(session: requests.Session, props: dict) -> dict:
    body = {"inputs": [{"idProperty": "email", "id": props["email"], "properties": props}]}
    r = session.post(f"{HUBSPOT}/batch/upsert", json=body, headers=HEADERS, timeout=15)
    r.raise_for_status()
    return r.json()


def sync(appts: list[dict]) -> list[dict]:
    with requests.Session() as s:
        return pipe(
            appts,
            cfilter(lambda a: a["client"]["email"]),
            cfilter(lambda a: pydash.get(a, "urls.reschedule")),
            cmap(contact_properties),
            cmap(upsert(s)),
            list,
        )
