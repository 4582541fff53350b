"""Mirror provider appointments into their Google Calendars (service account, domain-wide delegation)."""
from google.oauth2 import service_account
from googleapiclient.discovery import build

SCOPES = ["https://www.googleapis.com/auth/calendar.events"]
DISCOVERY = "https://www.googleapis.com/discovery/v1/apis/calendar/v3/rest"


def calendar_for(provider_email: str):
    creds = service_account.Credentials.from_service_account_file("sa.json", scopes=SCOPES)
    return build("calendar", "v3", credentials=creds.with_subject(provider_email), cache_discovery=False)


class EventBody:
    """Builds the Google Calendar event resource for one appointment."""

    def __init__(self, appt: dict):
        self.appt = appt
        self.links = appt["urls"]

    @property
    def summary(self) -> str:
        client = self.appt["client"]
        return f"{self.appt['service']['name']} with {client['first_name'] or 'client'}"

    def description(self) -> str:
        lines = [
            f"Reschedule: {self.links['reschedule'][0]}",
            f"Cancel: {self.links['cancel'][0]}",
        ]
        if self.links.get("join"):
            lines.append(f"Join page: {self.links['join'][0]}")
        meeting = self.appt.get("meeting") or {}
        if meeting.get("join_url"):
            lines.append(f"Video: {meeting['join_url']}")
        return "\n".join(lines)

    def source(self) -> dict:
        # Google shows this as the event's "source" chip
        return {"title": "Manage booking", "url": self.links["add_to_google_calendar"][0]}

    def resource(self) -> dict:
        return {
            "id": self.appt["id"].replace("_", ""),
            "summary": self.summary,
            "description": self.description(),
            "start": {"dateTime": self.appt["start_at"]["utc"]},
            "end": {"dateTime": self.appt["end_at"]["utc"]},
            "source": self.source(),
            "extendedProperties": {"private": {"appointment_id": self.appt["id"], "ics": self.appt["ics_url"]}},
        }


def push(appt: dict) -> dict:
    provider = appt["providers"][0]
    svc = calendar_for(provider["email"])
    body = EventBody(appt).resource()
    return svc.events().insert(calendarId="primary", body=body, sendUpdates="none").execute()
