"""Flask blueprint: embedded booking widget for the marketing site."""
import os

import requests
from flask import Blueprint, redirect, render_template, request, session

bp = Blueprint("booking", __name__, url_prefix="/book")
API = os.environ["SAVVYCAL_API_BASE"]


def _create(slot: dict, client: dict) -> dict:
    resp = requests.post(f"{API}/v1/public/appointments", json={"slot": slot, "client_data": client}, timeout=10)
    resp.raise_for_status()
    return resp.json()["data"]


@bp.post("/confirm")
def confirm():
    booked = _create(request.form.to_dict(), {"email": request.form["email"]})
    session["last_appointment"] = booked["id"]
    return render_template(
        "booking/thanks.html",
        cancel=booked["urls"]["cancel"][0],
        reschedule=booked["reschedule_url"],
        calendar=booked["urls"]["add_to_calendar"][0],
        google=booked["urls"]["add_to_google_calendar"][0],
        ics=booked["ics_url"],
    )


@bp.get("/thanks/<appointment_id>/ics")
def ics(appointment_id):
    data = requests.get(f"{API}/v1/public/appointments/{appointment_id}", timeout=10).json()["data"]
    return redirect(data["urls"]["ics"][0])


@bp.get("/thanks/<appointment_id>/cancel")
def cancel(appointment_id):
    data = requests.get(f"{API}/v1/public/appointments/{appointment_id}", timeout=10).json()["data"]
    if not data["cancellation"]["allowed"]:
        return render_template("booking/too_late.html", message=data["cancellation"]["disabled_message"])
    return redirect(data["cancel_url"])


@bp.get("/thanks/<appointment_id>/reschedule")
def reschedule(appointment_id):
    if not request.args.get("fresh"):
        return redirect(f"https://savvycal.com/c/appointments/{appointment_id}/reschedule")
    data = requests.get(f"{API}/v1/public/appointments/{appointment_id}", timeout=10).json()["data"]
    return redirect(data["reschedule_url"])
