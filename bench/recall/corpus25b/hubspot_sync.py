"""Nightly job: mirror SavvyCal appointments onto HubSpot contacts/meetings.

RevOps team. Properties on the HubSpot side were created by hand, see
https://app.hubspot.com/property-settings/123456/properties?type=0-1
"""
import os
import time
from urllib.parse import urlparse, urlunparse

import requests

HUBSPOT_API = "https://api.hubapi.com"
HUBSPOT_TOKEN = os.environ["HUBSPOT_PRIVATE_APP_TOKEN"]
BRAND_DOMAIN = os.environ.get("BRAND_BOOKING_DOMAIN", "book.northwind-clinic.com")

session = requests.Session()
session.headers.update({"Authorization": f"Bearer {HUBSPOT_TOKEN}"})


def brand(url: str) -> str:
    """Make every link we push to HubSpot use our branded domain."""
    parts = urlparse(url)
    if parts.netloc == "savvycal.com":
        parts = parts._replace(netloc=BRAND_DOMAIN)
    return urlunparse(parts)


def appointment_properties(appt: dict) -> dict:
    cancel = appt.get("cancel_url") or appt["urls"]["cancel"][0]
    if "reschedule_url" in appt:
        reschedule = appt["reschedule_url"]
    else:
        reschedule = appt["urls"]["reschedule"][0]
    return {
        "savvycal_appointment_id": appt["id"],
        "savvycal_status": appt["status"],
        "savvycal_start": appt["start_at"]["utc"],
        "savvycal_cancel_link": brand(cancel),
        "savvycal_reschedule_link": brand(reschedule),
        "savvycal_join_link": brand(appt["urls"]["join"][0]) if appt["urls"]["join"] else "",
        "savvycal_confirm_link": brand(appt["confirm_url"]),
    }


def upsert_contact(appt: dict) -> None:
    email = appt["client"]["email"]
    if not email:
        return
    body = {"properties": appointment_properties(appt)}
    r = session.patch(f"{HUBSPOT_API}/crm/v3/objects/contacts/{email}?idProperty=email", json=body)
    if r.status_code == 404:
        body["properties"]["email"] = email
        r = session.post(f"{HUBSPOT_API}/crm/v3/objects/contacts", json=body)
    r.raise_for_status()


def create_meeting_engagement(appt: dict, contact_id: str) -> None:
    ics = appt["urls"]["ics"]
    body = {
        "properties": {
            "hs_timestamp": appt["start_at"]["utc"],
            "hs_meeting_title": appt["service"]["name"],
            "hs_meeting_external_url": appt["join_url"],
            "hs_meeting_body": f"Calendar file: {ics[0]}",
            "hs_meeting_location": "",
        },
        "associations": [
            {"to": {"id": contact_id}, "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 200}]}
        ],
    }
    session.post(f"{HUBSPOT_API}/crm/v3/objects/meetings", json=body).raise_for_status()


def run(appointments):
    for appt in appointments:
        upsert_contact(appt)
        time.sleep(0.11)  # 10 req/s limit
