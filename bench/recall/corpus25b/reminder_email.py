"""24h reminder e-mails for SavvyCal appointments (lifecycle-marketing team)."""
import smtplib
from email.message import EmailMessage
from string import Template

from jinja2 import Environment, BaseLoader

SMTP_HOST = "smtp.postmarkapp.com"
FROM_ADDR = "Northwind Clinic <appointments@northwind.example>"

PLAIN = Template(
    "Hi $first_name,\n\n"
    "This is a reminder of your $service appointment on $when.\n"
    "Need to move it? $reschedule\n"
    "Can't make it? $cancel\n"
)

SUBJECT_FMT = "Reminder: {a[service][name]} on {a[start_at][utc]}"
FOOTER_FMT = "Add to calendar: {a[urls][ics][0]}"
FOOTER_FMT_NEW = "Add to calendar: {a[ics_url]}"

HTML = Environment(loader=BaseLoader()).from_string(
    """
<p>Hi {{ appt.client.first_name }},</p>
<p>Your {{ appt.service.name }} appointment is tomorrow.</p>
<p><a href="{{ appt.urls.reschedule[0] }}">Reschedule</a> |
   <a href="{{ appt.cancel_url }}">Cancel</a></p>
{% if appt.urls.join %}
<p>Join online: <a href="{{ appt.urls.join[0] }}">join the video call</a></p>
{% endif %}
"""
)


def render(appt: dict) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = FROM_ADDR
    msg["To"] = appt["client"]["email"]
    msg["Subject"] = SUBJECT_FMT.format(a=appt)
    body = PLAIN.substitute(
        first_name=appt["client"]["first_name"] or "there",
        service=appt["service"]["name"],
        when=appt["start_at"]["utc"],
        reschedule=appt["urls"]["reschedule"][0],
        cancel=appt["cancel_url"],
    )
    body += "\n" + FOOTER_FMT.format(a=appt)
    body += "\nConfirm attendance: %s" % appt["urls"]["confirm"][0]
    msg.set_content(body)
    msg.add_alternative(HTML.render(appt=appt), subtype="html")
    return msg


def subject_preview(appt: dict) -> str:
    link = appt["urls"]["cancel"]
    return f"Cancel: {link[0]!s:.60}"


def send(appts: list[dict]) -> None:
    with smtplib.SMTP(SMTP_HOST, 587) as smtp:
        smtp.starttls()
        for appt in appts:
            smtp.send_message(render(appt))
