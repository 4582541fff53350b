"""Sample payloads for local development and the demo environment (dev-experience team).

`make seed` loads these into the fake SavvyCal server.
"""
import copy
import itertools

_ids = itertools.count(1)

WEBHOOK_APPOINTMENT_CREATED = {
    "id": "evt_0001",
    "object": "event",
    "type": "appointment.created",
    "created_at": "2025-03-12T12:34:55Z",
    "data": {
        "object": {
            "id": "appt_demo00000001",
            "object": "appointment",
            "appointment_type": "virtual",
            "status": "scheduled",
            "client": {"id": "clnt_demo00000001", "email": "pat@example.com", "first_name": "Pat"},
            "meeting": {"conferencing_provider": "zoom_admin", "join_url": "https://us02web.zoom.us/j/123456789", "error_message": None},
            "start_at": {"time_zone": "America/Chicago", "unix_ts": 1736464800, "utc": "2025-03-01T04:00:00Z"},
            "urls": {
                "add_to_google_calendar": ["https://savvycal.com/c/appointments/appt_demo00000001/add_to_google_calendar"],
                "cancel": ["https://savvycal.com/c/appointments/appt_demo00000001/cancel"],
                "confirm": ["https://savvycal.com/c/appointments/appt_demo00000001/confirm"],
                "ics": ["https://savvycal.com/c/appointments/appt_demo00000001/ics"],
                "join": ["https://savvycal.com/c/appointments/appt_demo00000001/join"],
                "reschedule": ["https://savvycal.com/c/appointments/appt_demo00000001/reschedule"],
            },
        }
    },
}

APPOINTMENT_LIST_PAGE = {
    "data": [
        {
            "id": "appt_demo00000002",
            "object": "appointment",
            "status": "scheduled",
            "urls": {
                "cancel": ["https://demo.northwind.example/c/appointments/appt_demo00000002/cancel"],
                "confirm": [],
                "ics": ["https://demo.northwind.example/c/appointments/appt_demo00000002/ics"],
                "join": [],
                "reschedule": ["https://demo.northwind.example/c/appointments/appt_demo00000002/reschedule"],
                "add_to_google_calendar": ["https://demo.northwind.example/c/appointments/appt_demo00000002/add_to_google_calendar"],
            },
        },
        {
            "id": "appt_demo00000003",
            "object": "appointment",
            "status": "canceled",
            "urls": {"cancel": [], "confirm": [], "ics": [], "join": [], "reschedule": [], "add_to_google_calendar": []},
        },
        {
            "id": "appt_demo00000004",
            "object": "appointment",
            "status": "scheduled",
            "cancel_url": "https://demo.northwind.example/c/appointments/appt_demo00000004/cancel",
            "reschedule_url": "https://demo.northwind.example/c/appointments/appt_demo00000004/reschedule",
            "ics_url": "https://demo.northwind.example/c/appointments/appt_demo00000004/ics",
            "confirm_url": "https://demo.northwind.example/c/appointments/appt_demo00000004/confirm",
            "join_url": "https://demo.northwind.example/c/appointments/appt_demo00000004/join",
            "add_to_calendar_url": "https://demo.northwind.example/c/appointments/appt_demo00000004/add_to_calendar",
        },
    ],
    "meta": {"current_page": 1, "page_size": 10, "total_count": 3, "total_pages": 1},
}

CALENDLY_INVITEE = {
    "uri": "https://api.calendly.com/scheduled_events/AAA/invitees/BBB",
    "cancel_url": "https://calendly.com/cancellations/BBB",
    "reschedule_url": "https://calendly.com/reschedulings/BBB",
}

LINK_CHECKER_CONFIG = {
    "name": "demo-link-checker",
    "urls": ["https://demo.northwind.example/", "https://demo.northwind.example/pricing"],
    "interval_s": 300,
}


def demo_appointment(**overrides) -> dict:
    base = copy.deepcopy(APPOINTMENT_LIST_PAGE["data"][2])
    base["id"] = f"appt_demo{next(_ids):08d}"
    base.update(overrides)
    return base
