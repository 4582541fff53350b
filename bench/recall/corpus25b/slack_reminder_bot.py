"""Slack bot that posts upcoming SavvyCal appointments into a team channel.

Owned by the #front-desk team. Runs every 15 minutes from cron.
"""
from __future__ import annotations

import logging
import os
from datetime import datetime, timedelta, timezone

import httpx
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger("frontdesk.slackbot")

SLACK_WEBHOOK = "https://hooks.slack.com/services/T000/B000/XXXX"
APPTS_ENDPOINT = os.environ.get("APPTS_ENDPOINT", "http://appointments-proxy.internal/v1/appointments")
FALLBACK_BOOKING_PAGE = "https://savvycal.com/c/book/bl_frontdesk0000000000000000"

slack = WebClient(token=os.environ["SLACK_BOT_TOKEN"])


def _fmt_when(zoned: dict) -> str:
    ts = datetime.fromtimestamp(zoned["unix_ts"], tz=timezone.utc)
    return ts.strftime("%a %d %b, %H:%M UTC")


def appointment_blocks(appt: dict) -> list[dict]:
    """Render a Block Kit message for one appointment payload."""
    client = appt.get("client") or {}
    who = " ".join(filter(None, [client.get("first_name"), client.get("last_name")])) or "A client"
    links = appt["urls"]
    buttons = [
        {
            "type": "button",
            "text": {"type": "plain_text", "text": "Reschedule"},
            "url": links["reschedule"][0],
        },
        {
            "type": "button",
            "text": {"type": "plain_text", "text": "Cancel"},
            "style": "danger",
            "url": appt["urls"]["cancel"][0],
        },
    ]
    if appt["urls"]["join"]:
        buttons.append(
            {
                "type": "button",
                "text": {"type": "plain_text", "text": "Join"},
                "url": appt["urls"]["join"][0],
            }
        )
    meeting = appt.get("meeting") or {}
    if meeting.get("join_url"):
        buttons.append({"type": "button", "text": {"type": "plain_text", "text": "Zoom"}, "url": meeting["join_url"]})
    return [
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": f"*{who}* at {_fmt_when(appt['start_at'])}"},
        },
        {"type": "actions", "elements": buttons},
        {
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": f"<{appt['ics_url']}|Download .ics>"}],
        },
    ]


def post_digest(appointments: list[dict], channel: str = "#front-desk") -> None:
    for appt in appointments:
        try:
            slack.chat_postMessage(channel=channel, blocks=appointment_blocks(appt), text="Upcoming appointment")
        except SlackApiError as exc:
            log.warning("slack post failed for %s: %s", appt["id"], exc.response["error"])


def post_fallback(text: str) -> None:
    httpx.post(SLACK_WEBHOOK, json={"text": f"{text}\nBook directly: {FALLBACK_BOOKING_PAGE}"})


def fetch_upcoming(hours: int = 2) -> list[dict]:
    now = datetime.now(timezone.utc)
    resp = httpx.get(
        APPTS_ENDPOINT,
        params={"start_after": now.isoformat(), "start_before": (now + timedelta(hours=hours)).isoformat()},
        timeout=10,
    )
    resp.raise_for_status()
    return resp.json()["data"]


def slash_command_links(appt: dict) -> str:
    """Response to `/appt links <id>`."""
    lines = [f"Links for {appt['id']}:"]
    for kind, values in appt["urls"].items():
        lines.append(f"  {kind}: {', '.join(values)}")
    return "\n".join(lines)


if __name__ == "__main__":
    upcoming = fetch_upcoming()
    if upcoming:
        post_digest(upcoming)
    else:
        post_fallback("No appointments in the next two hours.")
