import os
from string import Template

from twilio.rest import Client

tw = Client(os.environ.get("TWILIO_SID"), os.environ.get("TWILIO_TOKEN"))
STATUS_CALLBACK = "https://hooks.acme.com/twilio/status"

SMS = Template("Reminder: $service at $time. Reschedule: $reschedule  Cancel: $cancel")


def _time(appt: dict) -> str:
    return appt["start_at"]["utc"][11:16]


def compose(appt: dict) -> str:
    return SMS.substitute(
        service=appt["service"]["name"],
        time=_time(appt),
        reschedule=appt["urls"]["reschedule"][0],
        cancel=(appt.get("cancel_url") or appt["urls"]["cancel"][0]),
    )


def send(appt: dict) -> str | None:
    phone = appt["client"]["phone"]
    if not phone:
        return None
    msg = tw.messages.create(
        to=phone,
        from_=os.environ["TWILIO_FROM"],
        body=compose(appt),
        status_callback=STATUS_CALLBACK,
    )
    return msg.sid


def confirm_prompt(appt: dict) -> str:
    # two-way SMS: "reply YES or tap the link"
    link = "https://savvycal.com/c/appointments/%s/confirm" % appt["id"]
    return f"Reply YES to confirm, or tap {link}"
