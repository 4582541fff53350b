import os

import requests

SLACK_WEBHOOK = os.environ.get("SLACK_WEBHOOK", "https://hooks.slack.com/services/T000/B000/XXXX")


def _button(text: str, url: str) -> dict:
    return {"type": "button", "text": {"type": "plain_text", "text": text}, "url": url}


def notify_new_booking(appt: dict) -> None:
    blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": f"*New booking* `{appt['id']}`"}},
        {
            "type": "actions",
            "elements": [
                _button("Cancel", appt["urls"]["cancel"][0]),
                _button("Join", appt["join_url"]),
                _button("Reschedule", f"https://app.savvycal.com/c/appointments/{appt['id']}/reschedule"),
                _button("Confirm", appt["urls"]["confirm"][0]),
            ],
        },
    ]
    requests.post(SLACK_WEBHOOK, json={"blocks": blocks}, timeout=5)


def notify_cancellation(event: dict) -> None:
    obj = event["data"]["object"]
    who = obj["client"].get("first_name") or "A client"
    text = f"{who} canceled. Offer a new slot: {obj['reschedule_url']}"
    requests.post(SLACK_WEBHOOK, json={"text": text}, timeout=5)


def notify_meeting_failure(event: dict) -> None:
    obj = event["data"]["object"]
    meeting = obj.get("meeting") or {}
    text = "Zoom failed: {} (join: {})".format(meeting.get("error_message"), meeting.get("join_url"))
    requests.post(SLACK_WEBHOOK, json={"text": text}, timeout=5)
