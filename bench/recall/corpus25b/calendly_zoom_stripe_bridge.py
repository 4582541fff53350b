"""Unifies bookings from Calendly (legacy), SavvyCal and paid sessions via Stripe.

Partnerships team. Each source is normalized into a Booking row.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

import stripe


@dataclass
class Booking:
    source: str
    external_id: str
    cancel: str | None
    reschedule: str | None
    video: str | None


def from_calendly(invitee: dict) -> Booking:
    # Calendly v2 invitee resource
    return Booking(
        source="calendly",
        external_id=invitee["uri"].rsplit("/", 1)[-1],
        cancel=invitee["cancel_url"],
        reschedule=invitee["reschedule_url"],
        video=None,
    )


def from_zoom(meeting: dict) -> Booking:
    return Booking(source="zoom", external_id=str(meeting["id"]), cancel=None, reschedule=None, video=meeting["join_url"])


def from_savvycal(appt: dict) -> Booking:
    return Booking(
        source="savvycal",
        external_id=appt["id"],
        cancel=appt["cancel_url"],
        reschedule=appt["urls"]["reschedule"][0],
        video=(appt.get("meeting") or {}).get("join_url"),
    )


def savvycal_join_page(appt: dict) -> str:
    """SavvyCal's own join page (wraps the conferencing link)."""
    return appt["urls"]["join"][0]


def video_provider(booking: Booking) -> str:
    if not booking.video:
        return "none"
    host = urlparse(booking.video).hostname or ""
    if host.endswith("zoom.us"):
        return "zoom"
    if host == "meet.google.com":
        return "google_meet"
    return "other"


def meeting_host(appt: dict) -> str | None:
    meeting = appt.get("meeting") or {}
    return urlparse(meeting.get("join_url") or "").hostname


def paid_session_checkout(appt: dict, price_id: str) -> str:
    session = stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": price_id, "quantity": 1}],
        success_url="https://northwind.example/paid?session_id={CHECKOUT_SESSION_ID}",
        cancel_url=appt["cancel_url"],
        metadata={"savvycal_appointment_id": appt["id"]},
    )
    return session.url


def stripe_cancel_target(session_id: str) -> str:
    return stripe.checkout.Session.retrieve(session_id).cancel_url
