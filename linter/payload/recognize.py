"""Decide what a stored payload is, by shape, so it can be checked against the right schema.

A payload may be a bare object (`object` discriminator), a response envelope
(`{data: {...}}`, `{data: [...], meta}`), event data (`{object: {...}}`), or a webhook
event wrapping event data (`{type, data: {object: {...}}}`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from apptlint.payload import snapshots

DISCRIMINATOR = {
    "appointment": "Appointment",
    "public_appointment": "PublicAppointment",
    "booking_link": "BookingLink",
    "client": "Client",
    "provider": "Provider",
}
# The seeds never show Appointment's `object` value, so an appointment is also known by its own keys.
APPOINTMENT_KEYS = frozenset({"appointment_type", "cancellation_events", "reschedule_events"})
PUBLIC_APPOINTMENT_KEYS = frozenset({"cancellation", "rescheduling", "urls"})
ENVELOPES = {"Appointment": "AppointmentResponse", "PublicAppointment": "PublicAppointmentResponse"}


@dataclass(frozen=True)
class Target:
    pointer: str  # where the checked value sits inside the payload ("" = the whole payload)
    schema: str | None  # None: the value here is not a kind apptlint knows


@lru_cache(maxsize=None)
def event_schemas() -> dict[str, str]:
    version = snapshots.latest_version()
    return {body["x-event-type"]: name for name, body in snapshots.schemas(version).items() if "x-event-type" in body}


def kind_of(value) -> str | None:
    if not isinstance(value, dict):
        return None
    tag = value.get("object")
    if isinstance(tag, str):
        return DISCRIMINATOR.get(tag)
    if APPOINTMENT_KEYS <= value.keys():
        return "Appointment"
    if PUBLIC_APPOINTMENT_KEYS <= value.keys():
        return "PublicAppointment"
    return None


def targets(payload, event_type: str | None = None, pointer: str = "") -> list[Target]:
    """What to validate in `payload`; a Target with schema None marks a value of unknown kind."""
    kind = kind_of(payload)
    if kind:
        return [Target(pointer, kind)]
    if not isinstance(payload, dict):
        return [Target(pointer, None)]
    inner = payload.get("object")
    if isinstance(inner, dict):
        event_schema = event_schemas().get(event_type or payload.get("type") or "")
        if event_schema and kind_of(inner) == "Appointment":
            return [Target(pointer, event_schema)]
        return targets(inner, None, f"{pointer}/object")
    data = payload.get("data")
    if isinstance(data, dict):
        inner_kind = kind_of(data)
        if inner_kind in ENVELOPES and set(payload) <= {"data"}:
            return [Target(pointer, ENVELOPES[inner_kind])]
        return targets(data, payload.get("type") if isinstance(payload.get("type"), str) else None, f"{pointer}/data")
    if isinstance(data, list):
        if "meta" in payload and data and all(kind_of(item) == "BookingLink" for item in data):
            return [Target(pointer, "BookingLinksResponse")]
        found = [t for i, item in enumerate(data) for t in targets(item, None, f"{pointer}/data/{i}")]
        if "meta" in payload:
            found.append(Target(f"{pointer}/meta", "PaginationMeta"))
        return found or [Target(pointer, None)]
    return [Target(pointer, None)]
