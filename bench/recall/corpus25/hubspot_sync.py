"""Push booking links onto the HubSpot contact timeline."""
import os

import requests

HUBSPOT = "https://api.hubapi.com"
HEADERS = {"Authorization": f"Bearer {os.environ['HUBSPOT_TOKEN']}"}


def contact_props(appt: dict) -> dict:
    client = appt["client"]
    return {
        "email": client["email"],
        "next_visit_cancel_link": appt["urls"]["cancel"][0],
        "next_visit_reschedule_link": appt["reschedule_url"],
        "next_visit_join_link": appt.get("join_url") or appt["urls"]["join"][0],
        "next_visit_ics": appt["urls"]["ics"][0],
    }


def upsert_contact(appt: dict) -> None:
    props = contact_props(appt)
    requests.post(
        f"{HUBSPOT}/crm/v3/objects/contacts/batch/upsert",
        json={"inputs": [{"idProperty": "email", "id": props["email"], "properties": props}]},
        headers=HEADERS,
        timeout=10,
    )


def timeline_note(appt: dict) -> str:
    return (
        f"Booked {appt['service']['name']} for {appt['start_at']['utc']}. "
        f"Manage: {appt['urls']['reschedule'][0]}"
    )


def hubspot_contact_url(portal_id: int, contact_id: str) -> str:
    return f"https://app.hubspot.com/contacts/{portal_id}/contact/{contact_id}"


def hubspot_links(contact: dict) -> list:
    return contact.get("urls", {}).get("profile", [])
