"""Flask receiver for SavvyCal appointment webhooks (front-desk ops team)."""
import hashlib
import hmac
import logging
import os

from flask import Flask, abort, jsonify, request

from ops.notify import send_email, send_sms
from ops.store import upsert_booking

app = Flask(__name__)
log = logging.getLogger("savvycal.hooks")
WEBHOOK_SECRET = os.environ["SAVVYCAL_WEBHOOK_SECRET"]


def _verify(req) -> bool:
    sig = req.headers.get("X-SavvyCal-Signature", "")
    digest = hmac.new(WEBHOOK_SECRET.encode(), req.get_data(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(sig, digest)


@app.post("/hooks/savvycal")
def savvycal_hook():
    if not _verify(request):
        abort(401)
    event = request.get_json(force=True)
    appt = event["data"]["object"]
    kind = event.get("type", "")
    log.info("savvycal event %s for %s", kind, appt["id"])

    if kind == "appointment.created":
        cancel_link = appt["urls"]["cancel"][0]
        resched_link = appt["urls"]["reschedule"][0]
        send_email(
            to=appt["client"]["email"],
            template="booking_confirmed",
            context={
                "cancel": cancel_link,
                "reschedule": resched_link,
                "ics": appt["ics_url"],
            },
        )
    elif kind == "appointment.rescheduled":
        send_sms(appt["client"]["phone"], f"Your visit moved. Join here: {appt['urls']['join'][0]}")
    elif kind == "appointment.canceled":
        if appt["urls"]["reschedule"]:
            send_sms(appt["client"]["phone"], "Want to rebook? " + appt["reschedule_url"])
    elif kind == "appointment.confirmed":
        confirm_links = event["data"]["object"]["urls"]["confirm"]
        log.info("confirmed via %s", confirm_links[0])

    upsert_booking(appt["id"], appt)
    return jsonify(ok=True)


@app.get("/go/<appointment_id>/calendar")
def calendar_redirect(appointment_id):
    from ops.store import load_booking

    booking = load_booking(appointment_id)
    return {"location": booking["add_to_calendar_url"]}, 302
