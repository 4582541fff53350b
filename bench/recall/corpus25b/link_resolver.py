"""scheduling/links.py – the one place that decides which link to show (core team).

History: before SavvyCal 1.6 we only had `urls`; during the rollout we keep
fallbacks for payloads cached before the upgrade.
"""
from __future__ import annotations

import logging
from typing import Any, Mapping

log = logging.getLogger(__name__)

LINK_KINDS = ("cancel", "reschedule", "confirm", "ics", "join")


def cancel_link(appt: Mapping[str, Any], cached: Mapping[str, Any]) -> str:
    # NB: `cached` is our previous snapshot of the appointment, not this payload
    return cached.get("cancel_url") or appt["urls"]["cancel"][0]


def reschedule_link(appt: Mapping[str, Any]) -> str:
    if appt.get("reschedule_url"):
        log.debug("legacy reschedule link was %s", appt["urls"]["reschedule"][0])
        return appt["reschedule_url"]
    raise LookupError("no reschedule link")


def ics_link(appt: Mapping[str, Any]) -> str | None:
    return appt["urls"]["ics"][0] or appt.get("ics_url")


def join_link(appt: Mapping[str, Any]) -> str | None:
    return appt.get("confirm_url") or appt["urls"]["join"][0]


def confirm_link(appt: Mapping[str, Any]) -> str:
    if appt.get("confirm_url"):
        return appt["confirm_url"]
    return appt["urls"]["confirm"][0]


def add_to_calendar_link(appt: Mapping[str, Any]) -> str:
    url = appt.get("add_to_calendar_url")
    if url is None:
        url = appt["urls"]["add_to_calendar"][0]
    return url


def prefer_legacy_cancel(appt: Mapping[str, Any]) -> str:
    if "urls" in appt:
        return appt["urls"]["cancel"][0]
    return appt["cancel_url"]


def eager_default_ics(appt: Mapping[str, Any]) -> str:
    return appt.get("ics_url", appt["urls"]["ics"][0])


def lazy_default_ics(appt: Mapping[str, Any]) -> str | None:
    return appt.get("ics_url") or appt.get("urls", {}).get("ics", [None])[0]


def join_link_obj(appt: Any) -> str:
    """Same as join_link but for attribute-style payload objects."""
    return getattr(appt, "join_url", None) or appt.urls.join[0]


def links_for(appt: Mapping[str, Any]) -> dict[str, str | None]:
    return {kind: appt.get(f"{kind}_url") for kind in LINK_KINDS}


def multi_links(appt: Mapping[str, Any], kind: str) -> list[str]:
    return list(appt["urls"].get(kind, []))
