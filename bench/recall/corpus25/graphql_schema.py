"""Strawberry GraphQL types exposed to the mobile app."""
from typing import Optional

import strawberry
from strawberry.types import Info


@strawberry.type
class AppointmentLinks:
    cancel: str
    reschedule: str
    calendar: Optional[str]
    join: Optional[str]


def _links(raw: dict) -> AppointmentLinks:
    return AppointmentLinks(
        cancel=raw["cancel_url"],
        reschedule=raw["urls"]["reschedule"][0],
        calendar=raw.get("add_to_calendar_url"),
        join=raw["urls"]["join"][0] if "join" in raw["urls"] else None,
    )


@strawberry.type
class Appointment:
    id: str
    status: str

    @strawberry.field
    def links(self, info: Info) -> AppointmentLinks:
        raw = info.context["appointments"][self.id]
        return _links(raw)

    @strawberry.field
    def ics(self, info: Info) -> str:
        sched = info.context["appointments"][self.id]
        return sched["urls"]["ics"][0]


@strawberry.type
class Query:
    @strawberry.field
    def appointment(self, info: Info, id: str) -> Appointment:
        raw = info.context["appointments"][id]
        return Appointment(id=raw["id"], status=raw["status"])


schema = strawberry.Schema(query=Query)
