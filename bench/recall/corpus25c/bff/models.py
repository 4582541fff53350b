from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, Field, HttpUrl


class LegacyUrls(BaseModel):
    add_to_calendar: list[str] = []
    add_to_google_calendar: list[str] = []
    cancel: list[str] = []
    confirm: list[str] = []
    ics: list[str] = []
    join: list[str] = []
    reschedule: list[str] = []


class Meeting(BaseModel):
    conferencing_provider: str
    join_url: Optional[str] = None
    error_message: Optional[str] = None


class Appointment(BaseModel):
    id: str
    status: str
    cancel_url: Optional[str] = None
    reschedule_url: Optional[str] = None
    confirm_url: Optional[str] = None
    join_url: Optional[str] = None
    ics_url: Optional[str] = None
    add_to_calendar_url: Optional[str] = None
    meeting: Optional[Meeting] = None
    urls: LegacyUrls = Field(default_factory=LegacyUrls)

    def link(self, kind: str) -> Optional[str]:
        """Flat field first; the nested lists only for payloads cached before 1.6."""
        flat = getattr(self, f"{kind}_url", None)
        if flat:
            return flat
        return next(iter(getattr(self.urls, kind, [])), None)


class PublicLinks(BaseModel):
    """What the booking widget gets back from the BFF."""

    cancel: Optional[HttpUrl] = None
    reschedule: Optional[HttpUrl] = None
    calendar: Optional[HttpUrl] = None
    ics: Optional[HttpUrl] = None

    @classmethod
    def from_public_appointment(cls, pa: dict) -> "PublicLinks":
        return cls(
            cancel=pa["cancel_url"],
            reschedule=pa["reschedule_url"],
            calendar=pa["urls"]["add_to_calendar"][0],
            ics=pa.get("ics_url") or pa["urls"]["ics"][0],
        )


class AppointmentOut(BaseModel):
    id: str
    status: str
    starts_at: str
    links: dict[str, list[str]]
    join: Optional[str] = None

    @classmethod
    def build(cls, appt: Appointment, starts_at: str) -> "AppointmentOut":
        return cls(
            id=appt.id,
            status=appt.status,
            starts_at=starts_at,
            links=appt.urls.model_dump(),
            join=appt.join_url or appt.urls.join[0],
        )
