import logging
from typing import Optional

import attrs
import requests

from .verify import on

log = logging.getLogger(__name__)
CRM = "https://crm.acme.internal/api"


@attrs.frozen
class ClientLinks:
    appointment_id: str
    cancel: Optional[str]
    reschedule: Optional[str]
    confirm: Optional[str]
    ics: Optional[str]
    extra_join_links: tuple = ()

    @classmethod
    def from_appointment(cls, obj: dict) -> "ClientLinks":
        u = obj["urls"]
        return cls(
            appointment_id=obj["id"],
            cancel=obj["cancel_url"],
            reschedule=u["reschedule"][0],
            confirm=obj.get("confirm_url", u["confirm"][0]),
            ics=u["ics"][0] if "ics_url" not in obj else obj["ics_url"],
            extra_join_links=tuple(u["join"][1:]),
        )


@on("appointment.created")
def created(obj: dict) -> None:
    links = ClientLinks.from_appointment(obj)
    requests.post(f"{CRM}/bookings", json=attrs.asdict(links), timeout=10)


@on("appointment.rescheduled")
def rescheduled(obj: dict) -> None:
    links = ClientLinks.from_appointment(obj)
    requests.patch(f"{CRM}/bookings/{links.appointment_id}", json={"reschedule": links.reschedule, "ics": links.ics}, timeout=10)


@on("appointment.canceled")
def canceled(obj: dict) -> None:
    requests.delete(f"{CRM}/bookings/{obj['id']}/links", timeout=10)
    # later handlers in the chain must not offer a dead cancel link
    obj["urls"]["cancel"] = []


@on("appointment.meeting.replaced")
def meeting_replaced(obj: dict) -> None:
    meeting = obj.get("meeting") or {}
    body = {"provider_join_url": meeting.get("join_url"), "join": obj["join_url"]}
    requests.patch(f"{CRM}/bookings/{obj['id']}", json=body, timeout=10)
