"""Normalises bookings from Calendly (legacy) and SavvyCal into one shape."""
from urllib.parse import urlparse


def from_calendly(invitee: dict) -> dict:
    return {
        "source": "calendly",
        "cancel": invitee["cancel_url"],
        "reschedule": invitee["reschedule_url"],
        "host_ok": urlparse(invitee["cancel_url"]).netloc == "calendly.com",
        "manage": f"https://calendly.com/cancellations/{invitee['uuid']}",
    }


def from_savvycal(appt: dict) -> dict:
    return {
        "source": "savvycal",
        "cancel": appt["urls"]["cancel"][0],
        "reschedule": appt["urls"]["reschedule"][0],
        "host_ok": urlparse(appt["cancel_url"]).netloc == "savvycal.com",
        "manage": appt["reschedule_url"],
    }


def normalise(record: dict) -> dict:
    if record.get("object") in ("appointment", "public_appointment"):
        return from_savvycal(record)
    return from_calendly(record)


def unified_ics(record: dict) -> str:
    if record.get("object") == "appointment":
        return record["urls"]["ics"][0]
    return record["resource"]["ics_url"]
