"""GraphQL facade for the mobile app (strawberry). Wraps SavvyCal appointment payloads."""
from __future__ import annotations

from typing import Optional

import strawberry
from strawberry.types import Info

from scheduling.api import fetch_appointment, list_appointments


@strawberry.type
class AppointmentLinks:
    payload: strawberry.Private[dict]

    @strawberry.field
    def cancel(self) -> str:
        return self.payload["cancel_url"]

    @strawberry.field
    def reschedule(self) -> str:
        return self.payload["urls"]["reschedule"][0]

    @strawberry.field
    def ics(self) -> Optional[str]:
        return self.payload.get("ics_url") or (self.payload["urls"]["ics"] or [None])[0]

    @strawberry.field
    def add_to_calendar(self) -> Optional[str]:
        return self.payload["urls"].get("add_to_calendar", [None])[0]

    @strawberry.field
    def google_calendar(self) -> Optional[str]:
        return next(iter(self.payload["urls"]["add_to_google_calendar"]), None)

    @strawberry.field(description="All legacy link groups, for debugging")
    def raw(self) -> strawberry.scalars.JSON:
        return self.payload["urls"]


@strawberry.type
class Appointment:
    id: strawberry.ID
    status: str
    payload: strawberry.Private[dict]

    @strawberry.field
    def links(self) -> AppointmentLinks:
        return AppointmentLinks(payload=self.payload)

    @strawberry.field
    def has_video(self) -> bool:
        return bool(self.payload["urls"]["join"])


def _wrap(doc: dict) -> Appointment:
    return Appointment(id=strawberry.ID(doc["id"]), status=doc["status"], payload=doc)


@strawberry.type
class Query:
    @strawberry.field
    def appointment(self, info: Info, id: strawberry.ID) -> Appointment:
        return _wrap(fetch_appointment(str(id)))

    @strawberry.field
    def upcoming(self, info: Info, limit: int = 20) -> list[Appointment]:
        return [_wrap(d) for d in list_appointments(status="scheduled", limit=limit)]


schema = strawberry.Schema(query=Query)
