# bookings/management/commands/backfill_flat_links.py
"""
./manage.py backfill_flat_links [--dry-run] [--strip-legacy]

Copies the SavvyCal 1.6 flat *_url fields into rows stored before the upgrade.
"""
from django.core.management.base import BaseCommand
from django.db import transaction

from bookings.models import Appointment

FLAT_KEYS = {
    "cancel": "cancel_url",
    "reschedule": "reschedule_url",
    "ics": "ics_url",
    "confirm": "confirm_url",
    "join": "join_url",
}


class Command(BaseCommand):
    help = "Backfill flat SavvyCal link fields on stored appointment payloads."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--strip-legacy", action="store_true")

    def handle(self, *args, dry_run=False, strip_legacy=False, **opts):
        touched = 0
        qs = Appointment.objects.filter(payload__has_key="urls").iterator(chunk_size=500)
        for row in qs:
            payload = row.payload
            legacy = payload["urls"]
            payload.setdefault("cancel_url", legacy["cancel"][0])
            payload["reschedule_url"] = payload.get("reschedule_url") or legacy["reschedule"][0]
            if not payload.get("ics_url"):
                payload["ics_url"] = legacy["ics"][0]
            for short, flat in FLAT_KEYS.items():
                if legacy.get(short):
                    payload[flat] = legacy[short][0]
            if strip_legacy:
                del payload["urls"]
            else:
                legacy.setdefault("add_to_calendar", [])
            touched += 1
            if not dry_run:
                with transaction.atomic():
                    Appointment.objects.filter(pk=row.pk).update(payload=payload)
        self.stdout.write(self.style.SUCCESS(f"updated {touched} appointments"))
