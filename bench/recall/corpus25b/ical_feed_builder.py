"""Per-provider iCal feed (calendar-sync team)."""
import json
from functools import reduce
from operator import attrgetter, getitem, itemgetter
from types import SimpleNamespace

from icalendar import Calendar, Event, vUri

PRODID = "-//Northwind Clinic//Provider Feed//EN"

get_id = attrgetter("id")
pick_first = itemgetter(0)


def _ns(doc: dict) -> SimpleNamespace:
    return json.loads(json.dumps(doc), object_hook=lambda d: SimpleNamespace(**d))


def build_feed(appointments: list[dict]) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    for doc in appointments:
        appt = _ns(doc)
        ev = Event()
        ev.add("uid", f"{get_id(appt)}@northwind.example")
        ev.add("summary", appt.service.name)
        ev.add("dtstart", appt.start_at.utc)
        ev.add("dtend", appt.end_at.utc)
        ev.add("url", vUri(doc["urls"]["ics"][0]))
        ev.add("x-cancel-url", pick_first(attrgetter("urls.cancel")(appt)))
        ev.add("x-reschedule-url", reduce(getitem, ("urls", "reschedule", 0), doc))
        ev.add("x-confirm-url", doc["confirm_url"])
        join = getattr(appt.urls, "join", [])
        if join:
            ev.add("location", join[0])
        ev.add("description", "Manage: {0.urls.reschedule[0]}".format(appt))
        cal.add_component(ev)
    return cal.to_ical()


def feed_links(doc: dict) -> list[str]:
    return [vals[0] for vals in doc["urls"].values() if vals]
