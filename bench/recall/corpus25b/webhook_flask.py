"""Flask receiver for SavvyCal appointment webhooks (patient-portal team)."""
import hashlib
import hmac
import os

from flask import Flask, abort, jsonify, request

from portal.db import save_appointment_links, mark_canceled
from portal.notify import queue_confirmation_email

app = Flask(__name__)
WEBHOOK_SECRET = os.environ["SAVVYCAL_WEBHOOK_SECRET"].encode()


def _verify(req) -> None:
    sig = req.headers.get("X-SavvyCal-Signature", "")
    digest = hmac.new(WEBHOOK_SECRET, req.get_data(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(sig, digest):
        abort(401)


def cancel_link(appt: dict) -> str | None:
    match appt:
        case {"cancel_url": str(cancel)}:
            return cancel
        case {"urls": {"cancel": [cancel, *_]}}:
            return cancel
        case _:
            return None


def reschedule_link(appt: dict) -> str | None:
    match appt:
        case {"urls": {"reschedule": [first, *_]}}:
            return first
    return None


def extract_links(appt: dict) -> dict:
    return {"cancel": cancel_link(appt), "reschedule": reschedule_link(appt)}


def confirm_link(appt: dict) -> str | None:
    try:
        return appt["confirm_url"]
    except KeyError:
        return appt["urls"]["confirm"][0]


@app.post("/hooks/savvycal")
def savvycal_hook():
    _verify(request)
    event = request.get_json(force=True)
    appt = event["data"]["object"]
    kind = event["type"]

    if kind == "appointment.created":
        links = extract_links(appt)
        save_appointment_links(appt["id"], links)
        if (ics := appt["urls"].get("ics")) and len(ics) == 1:
            queue_confirmation_email(appt["client"]["email"], ics_link=ics[0], confirm=confirm_link(appt))
    elif kind == "appointment.canceled":
        mark_canceled(appt["id"])
    elif kind == "appointment.rescheduled":
        save_appointment_links(appt["id"], {"reschedule": appt["urls"]["reschedule"][0], "join": appt["join_url"]})
    app.logger.info("handled %s from %s", kind, request.host)
    return jsonify(ok=True)


@app.get("/healthz")
def healthz():
    return {"routes": [str(r) for r in app.url_map.iter_rules()]}
