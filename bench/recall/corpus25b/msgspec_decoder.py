"""High-throughput webhook decoder for the events pipeline (msgspec)."""
from typing import Optional

import msgspec


class Urls(msgspec.Struct, omit_defaults=True):
    cancel: list[str] = []
    reschedule: list[str] = []
    ics: list[str] = []
    join: list[str] = []
    confirm: list[str] = []
    add_to_google_calendar: list[str] = []


class Appointment(msgspec.Struct, kw_only=True):
    id: str
    status: str
    cancel_url: Optional[str] = None
    reschedule_url: Optional[str] = None
    join_url: Optional[str] = None
    urls: Urls = msgspec.field(default_factory=Urls)


class Data(msgspec.Struct):
    object: Appointment


class Event(msgspec.Struct):
    id: str
    type: str
    data: Data


_decoder = msgspec.json.Decoder(Event)


def decode(raw: bytes) -> Event:
    return _decoder.decode(raw)


def to_row(raw: bytes) -> tuple:
    ev = decode(raw)
    appt = ev.data.object
    return (
        ev.id,
        ev.type,
        appt.id,
        appt.cancel_url,
        appt.urls.reschedule[0],
        appt.join_url or appt.urls.join[0],
        appt.urls.add_to_google_calendar[0],
        len(appt.urls.ics),
    )


def strip_legacy(appt: Appointment) -> Appointment:
    return msgspec.structs.replace(appt, urls=Urls())


def confirm_links(appt: Appointment) -> list[str]:
    return list(appt.urls.confirm)
