"""A webhook consumer written against the 1.5.0 payloads (an apptlint example)."""

BOOKING_BASE = "https://app.savvycal.com/c/book/"


def on_appointment_created(event):
    appt = event["data"]["object"]
    cancel_link = appt["urls"]["cancel"][0]
    ics_link = appt.get("urls", {}).get("ics", [None])[0]
    google = appt["urls"]["add_to_google_calendar"][0]
    if len(appt["urls"]["join"]) > 1:
        print("several join links?")
    return {"cancel": cancel_link, "ics": ics_link, "google": google}


def reschedule_link(appt):
    urls = appt["urls"]
    return urls["reschedule"][0]


def booking_url(link_id):
    return BOOKING_BASE + link_id
