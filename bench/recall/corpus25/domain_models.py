"""Typed wrappers the scheduling squad uses around raw appointment payloads."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, TypedDict

import attrs
from typing_extensions import NotRequired


class UrlLists(TypedDict):
    add_to_calendar: list[str]
    add_to_google_calendar: list[str]
    cancel: list[str]
    confirm: list[str]
    ics: list[str]
    join: list[str]
    reschedule: list[str]


class AppointmentDict(TypedDict):
    id: str
    status: str
    start_at: dict
    urls: UrlLists
    cancel_url: NotRequired[str]
    reschedule_url: NotRequired[str]


@dataclass(frozen=True)
class Slot:
    appointment_id: str
    start_utc: str
    urls: dict[str, list[str]] = field(default_factory=dict)
    reschedule_url: Optional[str] = None

    @classmethod
    def from_payload(cls, payload: AppointmentDict) -> "Slot":
        return cls(
            payload["id"],
            payload["start_at"]["utc"],
            payload["urls"],
            payload.get("reschedule_url"),
        )

    @property
    def cancel_link(self) -> str:
        return self.urls["cancel"][0]

    def ics_links(self) -> list[str]:
        return [u for u in self.urls.get("ics", [])]

    def rebook_link(self) -> str:
        return self.reschedule_url or ""


@attrs.define
class Reservation:
    ref: str
    raw: dict = attrs.field(factory=dict)

    def join(self) -> str:
        links = self.raw["urls"]
        join_list = links["join"]
        return join_list[0]

    def confirm(self) -> str:
        return self.raw["confirm_url"]

    def has_google(self) -> bool:
        return "add_to_google_calendar" in self.raw["urls"]


class HelpCenterLinks:
    """Static links rendered in our footer; unrelated to appointment payloads."""

    urls = {"cancel": ["/help/cancel-policy"], "reschedule": ["/help/rescheduling"]}

    def cancel_help(self) -> str:
        return self.urls["cancel"][0]

    def all_help(self) -> list[str]:
        return [p for paths in self.urls.values() for p in paths]
