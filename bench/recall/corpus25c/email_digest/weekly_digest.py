"""Monday digest for providers: this week's bookings with their client links."""
import datetime as dt
import smtplib
from email.message import EmailMessage
from itertools import groupby

import jinja2

TEMPLATE = jinja2.Template(
    """\
<h2>Your week, {{ provider.first_name }}</h2>
{% for day, appts in days %}
  <h3>{{ day }}</h3>
  <ul>
  {% for a in appts %}
    <li>{{ a.start_at.utc }} with {{ a.client.first_name or "a client" }}
      &middot; <a href="{{ a.urls.reschedule[0] }}">reschedule</a>
      &middot; <a href="{{ a.cancel_url }}">cancel</a>
      {% if a.urls.join %}&middot; <a href="{{ a.urls.join | first }}">join</a>{% endif %}
    </li>
  {% endfor %}
  </ul>
{% endfor %}
<p style="color:#888">Acme Scheduling &middot; <a href="https://www.acme.com/settings/notifications">unsubscribe</a></p>
"""
)

PREVIEW_APPOINTMENT = dict(
    id="appt_preview00001",
    object="appointment",
    status="scheduled",
    start_at={"utc": "2025-03-03T15:00:00Z"},
    end_at={"utc": "2025-03-03T15:30:00Z"},
    client={"first_name": "Pat"},
    service={"name": "Intro call"},
    urls=dict(
        cancel=["https://savvycal.com/c/appointments/appt_preview00001/cancel"],
        join=["https://savvycal.com/c/appointments/appt_preview00001/join"],
        reschedule=["https://savvycal.com/c/appointments/appt_preview00001/reschedule"],
        add_to_calendar=["https://savvycal.com/c/appointments/appt_preview00001/add_to_calendar"],
    ),
)


def digest_for(provider: dict, appts: list[dict]) -> str:
    appts = sorted(appts, key=lambda a: a["start_at"]["utc"])
    days = [(d, list(g)) for d, g in groupby(appts, key=lambda a: a["start_at"]["utc"][:10])]
    return TEMPLATE.render(provider=provider, days=days)


def plain_text(appts: list[dict]) -> str:
    out = []
    for a in appts:
        out.append(
            "%s  reschedule: %s  calendar: %s"
            % (
                a["start_at"]["utc"],
                a["reschedule_url"],
                a["urls"]["add_to_calendar"][0],
            )
        )
    return "\n".join(out)


def google_calendar_link(a: dict) -> str:
    """Our own Google Calendar template link; the per-appointment one has no flat field."""
    start = a["start_at"]["utc"].replace("-", "").replace(":", "")
    end = a["end_at"]["utc"].replace("-", "").replace(":", "")
    return f"https://calendar.google.com/calendar/render?action=TEMPLATE&text={a['service']['name']}&dates={start}/{end}"


def send(provider: dict, appts: list[dict]) -> None:
    msg = EmailMessage()
    msg["From"] = "digest@acme.com"
    msg["To"] = provider["email"]
    msg["Subject"] = f"Your bookings for the week of {dt.date.today():%b %d}"
    msg.set_content(plain_text(appts))
    msg.add_alternative(digest_for(provider, appts), subtype="html")
    with smtplib.SMTP("smtp.acme.com", 587) as s:
        s.starttls()
        s.send_message(msg)


if __name__ == "__main__":
    print(digest_for({"first_name": "Sam"}, [PREVIEW_APPOINTMENT]))
