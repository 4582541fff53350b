"""Which link do we hand to the client vs. the provider?"""
from typing import Optional, Tuple

from clinic.zoom import zoom_client


def meeting_links(appt: dict) -> Tuple[Optional[str], str]:
    meeting = appt.get("meeting")
    provider_join = meeting["join_url"] if meeting else None
    client_join = appt["urls"]["join"][0]
    return provider_join, client_join


def client_join_v16(appt: dict) -> str:
    return appt["join_url"]


def is_zoom(appt: dict) -> bool:
    return "zoom.us" in (appt["meeting"] or {}).get("join_url", "")


def create_backup_room(topic: str) -> str:
    created = zoom_client().meetings.create(topic=topic, type=2)
    return created["join_url"]


def waiting_room_redirect(appointment: dict) -> str:
    if appointment["appointment_type"] == "virtual":
        return appointment.get("urls", {}).get("join", [""])[0]
    return appointment["reschedule_url"]


def provider_dial_in(appt: dict) -> Optional[str]:
    meeting = appt.get("meeting") or {}
    return meeting.get("dial_in", {}).get("number")
