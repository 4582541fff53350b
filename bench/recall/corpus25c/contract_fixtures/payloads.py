"""Canned API payloads shared by the contract and snapshot tests.

LEGACY_* were captured from production before the 1.6.0 rollout; CURRENT_* after.
"""
import copy

LEGACY_PUBLIC_APPOINTMENT = {
    "id": "appt_0f9e8d7c6b5a",
    "object": "public_appointment",
    "status": "scheduled",
    "cancellation": {"allowed": True, "disabled_message": None},
    "rescheduling": {"allowed": True, "disabled_message": None},
    "start_at": {"utc": "2024-05-02T16:00:00Z", "unix_ts": 1714665600},
    "end_at": {"utc": "2024-05-02T16:30:00Z", "unix_ts": 1714667400},
    "urls": {
        "add_to_calendar": ["https://savvycal.com/c/appointments/appt_0f9e8d7c6b5a/add_to_calendar"],
        "add_to_google_calendar": ["https://savvycal.com/c/appointments/appt_0f9e8d7c6b5a/add_to_google_calendar"],
        "cancel": ["https://savvycal.com/c/appointments/appt_0f9e8d7c6b5a/cancel"],
        "ics": ["https://savvycal.com/c/appointments/appt_0f9e8d7c6b5a/ics"],
        "reschedule": ["https://savvycal.com/c/appointments/appt_0f9e8d7c6b5a/reschedule"],
    },
}

LEGACY_LIST_RESPONSE = {
    "data": [
        {
            "id": "appt_111111111111",
            "object": "appointment",
            "status": "scheduled",
            "updated_at": "2024-05-01T09:00:00Z",
            "meeting": {"conferencing_provider": "zoom_admin", "join_url": "https://us02web.zoom.us/j/81234567890", "error_message": None},
            "urls": {
                "add_to_google_calendar": ["https://book.acme.com/c/appointments/appt_111111111111/add_to_google_calendar"],
                "cancel": ["https://book.acme.com/c/appointments/appt_111111111111/cancel"],
                "confirm": ["https://book.acme.com/c/appointments/appt_111111111111/confirm"],
                "ics": ["https://book.acme.com/c/appointments/appt_111111111111/ics"],
                "join": ["https://book.acme.com/c/appointments/appt_111111111111/join"],
                "reschedule": ["https://book.acme.com/c/appointments/appt_111111111111/reschedule"],
            },
        },
        {
            "id": "appt_222222222222",
            "object": "appointment",
            "status": "canceled",
            "updated_at": "2024-05-01T09:05:00Z",
            "meeting": None,
            "urls": {"add_to_google_calendar": [], "cancel": [], "confirm": [], "ics": [], "join": [], "reschedule": []},
        },
    ],
    "meta": {"current_page": 1, "page_size": 10, "total_count": 2, "total_pages": 1},
}

CURRENT_PUBLIC_APPOINTMENT = {
    "id": "appt_0f9e8d7c6b5a",
    "object": "public_appointment",
    "status": "scheduled",
    "cancel_url": "https://book.acme.com/c/appointments/appt_0f9e8d7c6b5a/cancel",
    "reschedule_url": "https://book.acme.com/c/appointments/appt_0f9e8d7c6b5a/reschedule",
    "ics_url": "https://book.acme.com/c/appointments/appt_0f9e8d7c6b5a/ics",
    "add_to_calendar_url": "https://book.acme.com/c/appointments/appt_0f9e8d7c6b5a/add_to_calendar",
}

CDN_ASSET = {
    "id": "asset_77",
    "urls": {"thumb": ["https://cdn.acme-static.net/a/77/t.jpg"], "full": ["https://cdn.acme-static.net/a/77/f.jpg"]},
}


def legacy_public(**overrides) -> dict:
    out = copy.deepcopy(LEGACY_PUBLIC_APPOINTMENT)
    out.update(overrides)
    return out


def thumbnail(asset: dict = CDN_ASSET) -> str:
    return asset["urls"]["thumb"][0]
