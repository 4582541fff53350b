"""Typed view of SavvyCal payloads (pydantic v2). Shared by the API gateway and workers."""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, computed_field, field_validator, model_validator


class LegacyUrls(BaseModel):
    """Shape of the deprecated `urls` object (kept so old fixtures still validate)."""

    model_config = ConfigDict(extra="allow")

    add_to_calendar: list[str] = []
    add_to_google_calendar: list[str] = []
    cancel: list[str] = []
    confirm: list[str] = []
    ics: list[str] = []
    join: list[str] = []
    reschedule: list[str] = []


class ZonedDateTime(BaseModel):
    time_zone: str
    unix_ts: int
    utc: str


class Meeting(BaseModel):
    conferencing_provider: Optional[str] = None
    join_url: Optional[AnyHttpUrl] = None
    error_message: Optional[str] = None


class Appointment(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    object: Literal["appointment"] = "appointment"
    status: str
    start_at: ZonedDateTime
    end_at: ZonedDateTime
    meeting: Optional[Meeting] = None
    cancel_url: Optional[str] = None
    reschedule_url: Optional[str] = None
    confirm_url: Optional[str] = None
    ics_url: Optional[str] = None
    join_url: Optional[str] = None
    add_to_calendar_url: Optional[str] = None
    urls: LegacyUrls = Field(default_factory=LegacyUrls)

    @model_validator(mode="after")
    def _fill_flat_links(self) -> "Appointment":
        if self.cancel_url is None:
            self.cancel_url = self.urls.cancel[0]
        if self.join_url is None:
            self.join_url = next(iter(self.urls.join), None)
        return self

    @computed_field
    @property
    def primary_reschedule(self) -> Optional[str]:
        return self.urls.reschedule[0] if self.urls.reschedule else None

    @computed_field
    @property
    def google_calendar(self) -> Optional[str]:
        return (self.urls.add_to_google_calendar or [None])[0]

    @field_validator("cancel_url", "reschedule_url", "ics_url")
    @classmethod
    def _https_only(cls, v: Optional[str]) -> Optional[str]:
        if v is not None and not v.startswith("https://"):
            raise ValueError("appointment links must be https")
        return v


class PublicAppointment(BaseModel):
    id: str
    object: Literal["public_appointment"] = "public_appointment"
    status: str
    cancel_url: str
    reschedule_url: str
    ics_url: str
    add_to_calendar_url: str
    urls: Optional[LegacyUrls] = None

    def calendar_links(self) -> list[str]:
        return [self.add_to_calendar_url, self.ics_url]

    def legacy_calendar_link(self) -> str:
        assert self.urls is not None
        return self.urls.add_to_calendar[0]


class WebhookEvent(BaseModel):
    id: str
    type: str
    data: dict

    def appointment(self) -> Appointment:
        return Appointment.model_validate(self.data["object"])
