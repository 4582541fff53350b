"""Notification templates (Django templates for email, Handlebars for the push service)."""
from django.template import Context, Engine

ENGINE = Engine(debug=False)

CONFIRMATION_EMAIL = ENGINE.from_string(
    """\
{% load i18n %}
<p>{% blocktrans with name=appt.client.first_name %}Hi {{ name }}, you're booked!{% endblocktrans %}</p>
<p><a href="{{ appt.urls.confirm.0 }}">Confirm</a></p>
<p><a href="{% firstof appt.reschedule_url appt.urls.reschedule.0 %}">Reschedule</a></p>
<p><a href="{{ appt.cancel_url }}">Cancel</a></p>
<p><a href="{{ appt.urls.add_to_google_calendar.0 }}">Add to Google Calendar</a></p>
{% for link in appt.urls.ics %}<a href="{{ link }}">Download .ics</a>{% endfor %}
<p style="font-size:11px">Sent by Acme &middot; <a href="https://www.acme.com/privacy">Privacy</a></p>
"""
)

PUSH_TEMPLATES = {
    "reminder": "Starts soon! Join: {{urls.join.[0]}}",
    "moved": "New time {{start_at.utc}}. Change again: {{reschedule_url}}",
    "canceled": "Canceled. Book again: {{booking_link.url}}",
}


def render_confirmation(appt: dict) -> str:
    return CONFIRMATION_EMAIL.render(Context({"appt": appt}))
