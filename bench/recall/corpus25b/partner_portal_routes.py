"""Partner portal: route table, link helpers and outbound webhooks (partner-success team)."""
from __future__ import annotations

import requests

ROUTES = {
    "appointments.list": "/partners/<partner_id>/appointments",
    "appointments.detail": "/partners/<partner_id>/appointments/<appointment_id>",
    "appointments.cancel": "/partners/<partner_id>/appointments/<appointment_id>/cancel",
    "billing": "/partners/<partner_id>/billing",
}

OUTBOUND = {
    "webhook_urls": [
        "https://hooks.partner-a.example/savvycal",
        "https://ingest.partner-b.example/events",
    ],
    "timeout": 5,
}


class PortalUrls:
    """Static links shown in the portal chrome."""

    urls = {"home": "/", "billing": "/billing", "support": "https://support.northwind.example"}

    @classmethod
    def get(cls, name: str) -> str:
        return cls.urls[name]


def portal_nav() -> list[tuple[str, str]]:
    if not PortalUrls.urls:
        return []
    return [(name.title(), link) for name, link in PortalUrls.urls.items()]


def url_for(name: str, **params: str) -> str:
    path = ROUTES[name]
    for key, value in params.items():
        path = path.replace(f"<{key}>", value)
    return path


def appointment_card(partner_id: str, appt: dict) -> dict:
    return {
        "title": appt["service"]["name"],
        "when": appt["start_at"]["utc"],
        "cancel": appt["cancel_url"],
        "reschedule": appt["reschedule_url"],
        "calendar": appt["add_to_calendar_url"],
        "ics": appt["ics_url"],
        "confirm": appt.get("confirm_url"),
        "manage": url_for("appointments.detail", partner_id=partner_id, appointment_id=appt["id"]),
    }


def legacy_card(partner_id: str, appt: dict) -> dict:
    # partner B's widget still deep-links the old add-to-calendar page
    card = appointment_card(partner_id, appt)
    card["calendar"] = appt["urls"]["add_to_calendar"][0]
    return card


def zoom_join_links(meetings: list[dict]) -> list[str]:
    return [m["join_url"] for m in meetings]


def github_issue_links(issues: list[dict]) -> list[str]:
    return [i["html_url"] for i in issues]


def fan_out(event: dict) -> None:
    if len(OUTBOUND["webhook_urls"]) > 10:
        raise RuntimeError("too many partner webhooks")
    for target in OUTBOUND["webhook_urls"]:
        requests.post(target, json=event, timeout=OUTBOUND["timeout"])
