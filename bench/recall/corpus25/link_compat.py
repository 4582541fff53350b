"""Compatibility shims so old stored payloads keep working during the 1.6 rollout."""
from __future__ import annotations

from typing import Any, Optional


def cancel_link(p: dict) -> str:
    return p.get("cancel_url") or p["urls"]["cancel"][0]


def reschedule_link(p: dict) -> str:
    if "reschedule_url" in p:
        return p["reschedule_url"]
    else:
        return p["urls"]["reschedule"][0]


def ics_link(p: dict) -> str:
    try:
        return p["ics_url"]
    except KeyError:
        return p["urls"]["ics"][0]


def join_link(appt_model: Any) -> str:
    return getattr(appt_model, "join_url", None) or appt_model.urls.join[0]


def confirm_link(p: dict) -> Optional[str]:
    url = p.get("confirm_url")
    if not url:
        url = p.get("urls", {}).get("confirm", [None])[0]
    return url


def calendar_link(evt: dict) -> str:
    return evt.get("add_to_calendar_url") or evt["data"]["object"]["urls"]["add_to_calendar"][0]


def primary_or_secondary(primary: dict, secondary: dict) -> str:
    return primary.get("cancel_url") or secondary["urls"]["cancel"][0]


def eager_default(p: dict) -> str:
    return p.get("reschedule_url", p["urls"]["reschedule"][0])


def conditional_expr(p: dict) -> str:
    return p["ics_url"] if p.get("ics_url") else p["urls"]["ics"][0]


def walrus_style(p: dict) -> str:
    if (url := p.get("add_to_calendar_url")) is None:
        url = p["urls"]["add_to_calendar"][0]
    return url


def from_event(event: dict) -> str:
    appointment = event["data"]["object"]
    if appointment.get("join_url"):
        return appointment["join_url"]
    return appointment["urls"]["join"][0]
