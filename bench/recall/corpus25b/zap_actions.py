"""Trigger/action definitions for our no-code automation platform ("Flowbridge").

Each trigger declares an output spec (glom) that flattens the SavvyCal
appointment payload into the fields users can map in the editor.
"""
from glom import Coalesce, glom, T

from flowbridge.sdk import Trigger, Action, register, OutputField

# --- SavvyCal: "New appointment" trigger ---------------------------------

APPOINTMENT_OUTPUT_SPEC = {
    "id": "id",
    "status": "status",
    "start": "start_at.utc",
    "end": "end_at.utc",
    "client_email": "client.email",
    "service_name": "service.name",
    "cancel_link": "urls.cancel.0",
    "reschedule_link": ("urls.reschedule", T[0]),
    "confirm_link": Coalesce("confirm_url", "urls.confirm.0", default=None),
    "join_link": "join_url",
    "ics_link": "ics_url",
    "google_calendar_link": "urls.add_to_google_calendar.0",
    "all_cancel_links": "urls.cancel",
}

PUBLIC_APPOINTMENT_OUTPUT_SPEC = {
    "id": "id",
    "status": "status",
    "can_cancel": "cancellation.allowed",
    "add_to_calendar": "urls.add_to_calendar.0",
    "cancel": "cancel_url",
}


def _flatten(payload: dict, spec: dict) -> dict:
    return glom(payload, spec)


@register
class NewAppointment(Trigger):
    key = "savvycal.appointment.created"
    noun = "Appointment"
    output_fields = [OutputField(key=k, label=k.replace("_", " ").title()) for k in APPOINTMENT_OUTPUT_SPEC]

    def perform(self, bundle):
        event = bundle.cleaned_request
        return [_flatten(event["data"]["object"], APPOINTMENT_OUTPUT_SPEC)]


@register
class PublicBooking(Trigger):
    key = "savvycal.public_appointment.created"
    noun = "Booking"

    def perform(self, bundle):
        return [_flatten(bundle.cleaned_request["data"], PUBLIC_APPOINTMENT_OUTPUT_SPEC)]


@register
class SendCancelLink(Action):
    """Action: e-mail the client their cancel link."""

    key = "savvycal.send_cancel_link"

    def perform(self, bundle):
        appt = bundle.inputs["appointment"]
        link = glom(appt, "urls.cancel.0", default=None)
        if link is None:
            raise ValueError("appointment has no cancel link")
        return {"to": appt["client"]["email"], "link": link}


@register
class ListLinks(Action):
    key = "savvycal.list_links"

    def perform(self, bundle):
        appt = bundle.inputs["appointment"]
        names = sorted(glom(appt, "urls").keys())
        return {"available": names}
