"""Transactional e-mail bodies for booking lifecycle events."""
from string import Template

from jinja2 import Environment, select_autoescape

env = Environment(autoescape=select_autoescape(["html"]))

REMINDER_TEMPLATE = """
<p>Hi {{ client.first_name }},</p>
<p>Need to change plans? <a href="{{ appointment.urls.reschedule[0] }}">Reschedule</a></p>
<p>Or <a href="{{ appointment.cancel_url }}">cancel</a>.</p>
"""

CONFIRM_TEMPLATE = """
<p>You're booked, {{ first_name }}!</p>
<p><a href="{{ cancel_link }}">Cancel</a> | <a href="{{ calendar_link }}">Add to calendar</a></p>
"""

SMS_TEMPLATE = Template("Booked! Cancel: $cancel")


def render_reminder(appointment: dict, client: dict) -> str:
    return env.from_string(REMINDER_TEMPLATE).render(appointment=appointment, client=client)


def render_confirmation(appt: dict, client: dict) -> str:
    ctx = {
        "first_name": client["first_name"],
        "cancel_link": appt["urls"]["cancel"][0],
        "calendar_link": appt.get("add_to_calendar_url"),
        "ics_link": "{a[urls][ics][0]}".format(a=appt),
    }
    return env.from_string(CONFIRM_TEMPLATE).render(**ctx)


def plain_text(appt: dict) -> str:
    return (
        "Your appointment is booked.\n"
        + "Reschedule: {}\n".format(appt["urls"]["reschedule"][0])
        + "Join: %s\n" % appt["join_url"]
        + "Confirm: {0[urls][confirm][0]}\n".format(appt)
    )


def sms_body(reservation: dict) -> str:
    return SMS_TEMPLATE.substitute(cancel=reservation["urls"]["cancel"][0])


def google_button(appt: dict) -> str:
    return f'<a href="{appt["urls"]["add_to_google_calendar"][0]}">Google Calendar</a>'


def footer(tenant: dict) -> str:
    return f"Questions? Visit {tenant['support_url']} or call {tenant['phone']}."
