from datetime import datetime

import requests
from flask import Flask, Response, abort
from icalendar import Calendar, Event, vText

app = Flask(__name__)
API = "http://appointments-api.svc.cluster.local/v1"
CANONICAL = "https://savvycal.com"


def provider_appointments(provider_id: str):
    r = requests.get(f"{API}/appointments", params={"provider_id": provider_id, "status": "scheduled"}, timeout=15)
    if r.status_code == 404:
        return None
    r.raise_for_status()
    return r.json()["data"]


def _dt(z: dict) -> datetime:
    return datetime.fromisoformat(z["utc"].replace("Z", "+00:00"))


def _event(a: dict) -> Event:
    ev = Event()
    ev.add("uid", f"{a['id']}@feeds.acme.com")
    ev.add("dtstart", _dt(a["start_at"]))
    ev.add("dtend", _dt(a["end_at"]))
    ev.add("summary", a["service"]["name"])
    ev.add("url", f"{CANONICAL}/c/appointments/{a['id']}/ics")
    desc = [
        f"Reschedule: {a['urls']['reschedule'][0]}",
        f"Cancel: {CANONICAL}/c/appointments/{a['id']}/cancel",
    ]
    if a.get("meeting") and a["meeting"].get("join_url"):
        desc.append(f"Meeting: {a['meeting']['join_url']}")
    ev.add("description", "\n".join(desc))
    ev["location"] = vText(a.get("join_url") or "In person")
    return ev


@app.route("/feeds/<provider_id>.ics")
def feed(provider_id: str):
    appts = provider_appointments(provider_id)
    if appts is None:
        abort(404)
    cal = Calendar()
    cal.add("prodid", "-//Acme//Provider feed//EN")
    cal.add("version", "2.0")
    for a in appts:
        cal.add_component(_event(a))
    return Response(cal.to_ical(), mimetype="text/calendar")


@app.route("/feeds/<provider_id>/<appointment_id>.ics")
def single(provider_id: str, appointment_id: str):
    # proxy the per-appointment file so calendar clients only ever see our host
    upstream = requests.get(CANONICAL + "/c/appointments/" + appointment_id + "/ics", timeout=15)
    return Response(upstream.content, mimetype="text/calendar")
