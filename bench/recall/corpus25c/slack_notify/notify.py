import os
import re

from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

slack = WebClient(token=os.environ.get("SLACK_BOT_TOKEN"))
ALERTS = WebhookClient("https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXX")
CUSTOM_DOMAIN = os.environ.get("CUSTOM_DOMAIN", "book.acme.com")


def _button(text: str, url: str, style: str | None = None) -> dict:
    b = {"type": "button", "text": {"type": "plain_text", "text": text}, "url": url}
    if style:
        b["style"] = style
    return b


def _actions(appt: dict) -> dict:
    buttons = [
        _button("Reschedule", appt["urls"]["reschedule"][0]),
        _button("Cancel", appt.get("cancel_url") or appt["urls"]["cancel"][0], style="danger"),
    ]
    if appt["urls"]["join"]:
        buttons.append(_button("Join", appt["join_url"]))
    return {"type": "actions", "elements": buttons}


def post_booking(channel: str, appt: dict) -> None:
    host = re.match(r"https?://([^/]+)", appt["reschedule_url"]).group(1)
    slack.chat_postMessage(
        channel=channel,
        text=f"New booking {appt['id']}",
        blocks=[
            {"type": "section", "text": {"type": "mrkdwn", "text": f"*New booking* `{appt['id']}` via {host}"}},
            _actions(appt),
        ],
        unfurl_links=False,
    )
    if not host.endswith(CUSTOM_DOMAIN):
        ALERTS.send(text=f"{appt['id']} links are not on {CUSTOM_DOMAIN}; custom domain inactive?")


def meeting_message(appt: dict) -> str:
    m = appt.get("meeting") or {}
    if "zoom.us" in (m.get("join_url") or ""):
        return f"Zoom: {m['join_url']}"
    return f"Join: <{appt['join_url']}|join page>"
