"""Domain objects for the reminders service (attrs + stdlib dataclasses)."""
from __future__ import annotations

import dataclasses
from types import SimpleNamespace
from typing import Any, Mapping

import attrs


@attrs.frozen
class ReminderTarget:
    appointment_id: str
    email: str | None
    phone: str | None
    cancel_link: str
    reschedule_link: str
    join_link: str | None = None

    @classmethod
    def from_payload(cls, p: Mapping[str, Any]) -> "ReminderTarget":
        client = p["client"]
        return cls(
            appointment_id=p["id"],
            email=client.get("email"),
            phone=client.get("phone"),
            cancel_link=p["urls"]["cancel"][0],
            reschedule_link=p["reschedule_url"],
            join_link=(p["urls"].get("join") or [None])[0],
        )


@dataclasses.dataclass
class CalendarAttachment:
    appointment_id: str
    ics: str
    add_to_calendar: str

    @staticmethod
    def from_namespace(ns: SimpleNamespace) -> "CalendarAttachment":
        # payloads parsed with object_hook=SimpleNamespace by the legacy worker
        return CalendarAttachment(
            appointment_id=ns.id,
            ics=getattr(ns.urls, "ics")[0],
            add_to_calendar=getattr(getattr(ns, "urls"), "add_to_calendar")[0],
        )


@dataclasses.dataclass
class LinkDirectory:
    """Our own outbound links, grouped by purpose."""

    urls: dict[str, list[str]] = dataclasses.field(default_factory=dict)

    def first(self, purpose: str) -> str | None:
        return (self.urls.get(purpose) or [None])[0]


HELP_LINKS = LinkDirectory(urls={"cancel": ["https://help.northwind.example/cancel-policy"]})


def cancellation_help() -> str | None:
    return HELP_LINKS.urls["cancel"][0]


def legacy_link_attr(ns: SimpleNamespace, kind: str) -> str:
    return getattr(ns.urls, kind)[0]
