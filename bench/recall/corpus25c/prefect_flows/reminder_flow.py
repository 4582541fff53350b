import os
from datetime import datetime, timedelta, timezone

import httpx
from prefect import flow, get_run_logger, task

API = os.environ["APPTS_API"]
PUBLIC_HOST = os.environ.get("BOOKING_HOST", "https://savvycal.com")
MAILER = os.environ.get("MAILER_URL", "https://mailer.acme.internal/send")


@task(retries=2, retry_delay_seconds=30)
def upcoming(hours: int = 24) -> list[dict]:
    now = datetime.now(timezone.utc)
    r = httpx.get(
        f"{API}/v1/appointments",
        params={
            "start_after": now.isoformat(),
            "start_before": (now + timedelta(hours=hours)).isoformat(),
            "status": "scheduled",
        },
    )
    r.raise_for_status()
    return r.json()["data"]


def reschedule_link(appt: dict) -> str:
    if appt.get("reschedule_url"):
        return appt["reschedule_url"]
    try:
        return appt["urls"]["reschedule"][0]
    except (KeyError, IndexError):
        return f"{PUBLIC_HOST}/c/appointments/{appt['id']}/reschedule"


def cancel_link(appt: dict) -> str:
    return appt.get("cancel_url") or f"{PUBLIC_HOST}/c/appointments/{appt['id']}/cancel"


@task
def send_reminder(appt: dict) -> None:
    logger = get_run_logger()
    email = appt["client"]["email"]
    if not email:
        logger.warning("no email for %s", appt["id"])
        return
    body = (
        f"Hi {appt['client']['first_name'] or 'there'},\n\n"
        f"Reminder: your {appt['service']['name']} is tomorrow.\n"
        f"Need to move it? {reschedule_link(appt)}\n"
        f"Can't make it? {cancel_link(appt)}\n"
        f"Add it to your calendar: {appt['urls']['add_to_calendar'][0]}\n"
    )
    httpx.post(MAILER, json={"to": email, "subject": "Appointment reminder", "text": body}).raise_for_status()


@flow(name="appointment-reminders")
def reminders(hours: int = 24) -> None:
    for a in upcoming(hours):
        send_reminder.submit(a)


if __name__ == "__main__":
    reminders()
