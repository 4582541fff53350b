"""SMS reminders via Twilio, with our own short-link domain (mobile team)."""
import os
import re

import requests
from twilio.rest import Client

twilio = Client(os.environ["TWILIO_ACCOUNT_SID"], os.environ["TWILIO_AUTH_TOKEN"])
FROM_NUMBER = os.environ["TWILIO_FROM"]
STATUS_CALLBACK = "https://sms-hooks.northwind.example/twilio/status"
SHORT_DOMAIN = "nwc.link"

_HOST_RE = re.compile(r"^https://[^/]+")


def shorten(url: str) -> str:
    resp = requests.post(
        "https://api-ssl.bitly.com/v4/shorten",
        json={"long_url": url, "domain": SHORT_DOMAIN},
        headers={"Authorization": f"Bearer {os.environ['BITLY_TOKEN']}"},
        timeout=5,
    )
    resp.raise_for_status()
    return resp.json()["link"]


def via_short_domain(url: str) -> str:
    # cheaper than Bitly: our edge proxies /c/* to SavvyCal
    return _HOST_RE.sub(f"https://{SHORT_DOMAIN}", url)


def reminder_text(appt: dict) -> str:
    if not (resched := appt.get("reschedule_url")):
        resched = appt["urls"]["reschedule"][0]
    cancel = appt["cancel_url"]
    parts = [
        f"Reminder: {appt['service']['name']} tomorrow {appt['start_at']['utc'][11:16]}.",
        f"Reschedule: {via_short_domain(resched)}",
        f"Cancel: {via_short_domain(cancel)}",
    ]
    if join := (appt.get("join_url") or next(iter(appt["urls"]["join"]), None)):
        parts.append(f"Join: {shorten(join)}")
    return "\n".join(parts)


def confirm_text(appt: dict) -> str:
    confirm_links = appt["urls"]["confirm"]
    first_link, *_rest = confirm_links
    return f"Please confirm your appointment: {shorten(first_link)}"


def is_default_host(url: str) -> bool:
    """True when an appointment link still points at SavvyCal's own host."""
    return url.split("/")[2] == "savvycal.com"


def send(appt: dict) -> str:
    phone = appt["client"].get("phone")
    if not phone:
        return "skipped"
    if is_default_host(appt["cancel_url"]):
        print("warning: account has no custom domain yet:", appt["id"])
    msg = twilio.messages.create(
        to=phone,
        from_=FROM_NUMBER,
        body=reminder_text(appt),
        status_callback=STATUS_CALLBACK,
    )
    return msg.sid
