import logging

import requests
from celery import shared_task

from clinic.audit import record_link
from clinic.db import load_appointment, save_appointment
from clinic.mailer import render_and_send
from clinic.zoom import zoom_client

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=3, default_retry_delay=60)
def send_reminder(self, appointment_id):
    visit = load_appointment(appointment_id)
    join = visit["urls"]["join"][0] if visit["urls"]["join"] else None
    render_and_send(
        "reminder",
        to=visit["client"]["email"],
        join=join,
        ics=visit["ics_url"],
    )


@shared_task
def mirror_ics(appointment_id):
    visit = load_appointment(appointment_id)
    ics_link = visit["urls"]["ics"][-1]
    body = requests.get(ics_link, timeout=15).content
    logger.info("fetched %d bytes of ics for %s", len(body), appointment_id)


@shared_task
def purge_legacy_urls(appointment_id):
    rec = load_appointment(appointment_id)
    rec.pop("urls", None)
    save_appointment(rec)


@shared_task
def audit_links(appointment_id):
    visit = load_appointment(appointment_id)
    for kind, links in visit["urls"].items():
        record_link(appointment_id, kind)


@shared_task
def sync_zoom(appointment_id):
    visit = load_appointment(appointment_id)
    meeting = visit.get("meeting") or {}
    zoom = zoom_client().meetings.get(meeting.get("external_meeting_id"))
    logger.info("zoom join %s", zoom["join_url"])
    logger.info("client join %s", visit["join_url"])


@shared_task
def send_followup(appointment_id):
    visit = load_appointment(appointment_id)
    render_and_send(
        "followup",
        to=visit["client"]["email"],
        rebook=visit["urls"]["reschedule"][0],
    )
