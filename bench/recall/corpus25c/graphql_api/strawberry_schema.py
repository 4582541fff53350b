from typing import Optional

import strawberry
from strawberry.types import Info

from .loaders import appointment_loader


@strawberry.type
class AppointmentLinks:
    cancel: Optional[str]
    reschedule: Optional[str]
    confirm: Optional[str]
    join: Optional[str]
    ics: Optional[str]
    google_calendar: Optional[str]
    all_join_links: list[str]


def _links_from(payload: dict) -> AppointmentLinks:
    legacy = payload["urls"]
    return AppointmentLinks(
        cancel=payload.get("cancel_url") or legacy["cancel"][0],
        reschedule=payload.get("reschedule_url") or legacy["reschedule"][0],
        confirm=legacy["confirm"][0],
        join=payload["join_url"],
        ics=legacy.get("ics", [None])[0],
        google_calendar=legacy["add_to_google_calendar"][0],
        all_join_links=list(legacy["join"]),
    )


@strawberry.type
class Appointment:
    id: strawberry.ID
    status: str
    _payload: strawberry.Private[dict]

    @strawberry.field
    def links(self) -> AppointmentLinks:
        return _links_from(self._payload)

    @strawberry.field(deprecation_reason="use links.cancel")
    def cancel_urls(self) -> list[str]:
        return self._payload["urls"]["cancel"]

    @strawberry.field
    def has_join_link(self) -> bool:
        return bool(self._payload["urls"]["join"])


@strawberry.type
class Query:
    @strawberry.field
    async def appointment(self, info: Info, id: strawberry.ID) -> Optional[Appointment]:
        payload = await appointment_loader(info.context).load(id)
        if payload is None:
            return None
        return Appointment(id=payload["id"], status=payload["status"], _payload=payload)


schema = strawberry.Schema(query=Query)
