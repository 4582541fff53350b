"""Helpers shared by the ops notebooks. Flat *_url fields everywhere since 1.6."""
from __future__ import annotations

from typing import Any, Mapping

FLAT = ("cancel_url", "reschedule_url", "confirm_url", "join_url", "ics_url", "add_to_calendar_url")


def link(appt: Mapping[str, Any], name: str) -> str | None:
    return appt.get(f"{name}_url")


def links(appt: Mapping[str, Any]) -> dict:
    return {f: appt.get(f) for f in FLAT}


def cancel_link(appt):
    if "cancel_url" in appt:
        return appt["cancel_url"]
    return appt["urls"]["cancel"][0]


def reschedule_link(appt):
    try:
        return appt["reschedule_url"]
    except KeyError:
        return appt["urls"]["reschedule"][0]


def ics_link(appt, previous=None):
    # `previous` is the payload we cached last sync; handy when the API hiccups
    return appt.get("ics_url") or (previous or {}).get("urls", {}).get("ics", [None])[0]


def join_link(appt):
    return appt.get("join_url") or appt["urls"]["confirm"][0]


def meeting_link(appt):
    meeting = appt.get("meeting") or {}
    return meeting.get("join_url")


class Frame:
    """Tiny wrapper so notebooks can do frame.urls to list the link columns."""

    def __init__(self, df):
        self.df = df

    @property
    def urls(self) -> list[str]:
        return [c for c in self.df.columns if c.endswith("_url")]

    def show_links(self):
        return self.df[self.urls]
