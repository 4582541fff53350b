"""The embedded booking widget (v1, 2023) still parses the old nested link lists.

Until every customer site upgrades the snippet, the edge function down-converts
current public appointments into what v1 understands.
"""
from __future__ import annotations

import json


def to_widget_v1(pa: dict) -> dict:
    return {
        "id": pa["id"],
        "object": "public_appointment",
        "status": pa["status"],
        "cancellation": pa["cancellation"],
        "rescheduling": pa["rescheduling"],
        "urls": {
            "add_to_calendar": [pa["add_to_calendar_url"]],
            "add_to_google_calendar": pa["urls"]["add_to_google_calendar"],
            "cancel": [pa["cancel_url"]],
            "ics": [pa["ics_url"]],
            "reschedule": [pa["reschedule_url"]],
        },
    }


def widget_response(body: bytes) -> bytes:
    pa = json.loads(body)["data"]
    return json.dumps({"data": to_widget_v1(pa)}).encode()


def is_v1_request(headers: dict[str, str]) -> bool:
    return headers.get("x-widget-version", "1").startswith("1")


def cancel_button(pa: dict, headers: dict[str, str]) -> str:
    href = pa["urls"]["cancel"][0] if is_v1_request(headers) else pa["cancel_url"]
    return f'<a class="acme-btn" href="{href}">Cancel</a>'


def reschedule_button(pa: dict) -> str:
    return f'<a class="acme-btn" href="{pa["reschedule_url"]}">Reschedule</a>'
