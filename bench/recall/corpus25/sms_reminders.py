"""Twilio SMS reminders (T-24h and T-1h)."""
import os

from twilio.rest import Client

twilio = Client(os.environ["TWILIO_SID"], os.environ["TWILIO_TOKEN"])
FROM = os.environ["TWILIO_FROM"]
STATUS_CALLBACK = "https://sms.example-clinic.com/twilio/status"


def _send(to: str, body: str) -> None:
    twilio.messages.create(to=to, from_=FROM, body=body, status_callback=STATUS_CALLBACK)


def day_before(consult: dict) -> None:
    name = consult["client"]["first_name"]
    body = f"Hi {name}, see you tomorrow. Need to move it? {consult['urls']['reschedule'][0]}"
    _send(consult["client"]["phone"], body)


def hour_before(consult: dict) -> None:
    body = "Starting soon! Join: %s" % consult["urls"]["join"][0]
    _send(consult["client"]["phone"], body)


def confirm_request(consult: dict) -> None:
    body = "Please confirm your visit: {link}".format(link=consult["urls"]["confirm"][0])
    _send(consult["client"]["phone"], body)


def cancel_notice(consult: dict) -> None:
    body = "Can't make it? Cancel here: {0[cancel_url]}".format(consult)
    _send(consult["client"]["phone"], body)


def legacy_cancel_notice(consult: dict) -> None:
    body = "Can't make it? Cancel here: {c[urls][cancel][0]}".format(c=consult)
    _send(consult["client"]["phone"], body)


def short_link(consult: dict) -> str:
    link = consult["cancel_url"]
    return link.split("/c/appointments/")[-1]


def all_links_sms(consult: dict) -> None:
    lines = [f"{kind}: {links[0]}" for kind, links in consult["urls"].items()]
    _send(consult["client"]["phone"], "\n".join(lines))
