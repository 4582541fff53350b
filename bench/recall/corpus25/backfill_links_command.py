"""manage.py backfill_links -- copy self-service links into dedicated columns."""
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from django.db.models.fields.json import KT

from clinic.models import StoredAppointment


class Command(BaseCommand):
    help = "Populate StoredAppointment.cancel_url from the stored payload"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--batch", type=int, default=500)

    def handle(self, *args, dry_run=False, batch=500, **options):
        missing = StoredAppointment.objects.filter(cancel_url="")
        self.stdout.write(f"{missing.count()} rows without cancel_url")
        if dry_run:
            for row in missing[:10]:
                self.stdout.write(f"  {row.external_id}: {row.payload['urls']['cancel'][0]}")
            return
        with transaction.atomic():
            missing.update(cancel_url=KT("payload__urls__cancel__0"))
        flat = StoredAppointment.objects.filter(Q(payload__has_key="cancel_url"))
        self.stdout.write(f"{flat.count()} rows already carry cancel_url")
        stale = StoredAppointment.objects.exclude(payload__urls__reschedule__0=KT("payload__reschedule_url"))
        self.stdout.write(f"{stale.count()} rows with diverging reschedule links")
        empty_join = StoredAppointment.objects.filter(payload__urls__join=[])
        self.stdout.write(f"{empty_join.count()} rows without join links")
        for row in StoredAppointment.objects.filter(payload__urls__contains={"ics": []}).iterator(chunk_size=batch):
            row.payload.setdefault("urls", {})["ics"] = [row.payload.get("ics_url", "")]
            row.save(update_fields=["payload"])
