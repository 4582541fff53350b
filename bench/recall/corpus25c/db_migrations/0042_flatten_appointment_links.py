"""Copy the nested link lists into the new flat columns on SyncedAppointment."""
from django.db import migrations, models

KINDS = ("cancel", "reschedule", "confirm", "join", "ics", "add_to_calendar")


def forwards(apps, schema_editor):
    SyncedAppointment = apps.get_model("booking", "SyncedAppointment")
    for obj in SyncedAppointment.objects.iterator(chunk_size=500):
        p = obj.payload
        obj.cancel_url = p.get("cancel_url") or p["urls"]["cancel"][0]
        obj.reschedule_url = p.get("reschedule_url") or p["urls"]["reschedule"][0]
        obj.ics_url = p["urls"]["ics"][0]
        obj.legacy_link_count = sum(len(v) for v in p["urls"].values())
        obj.save(update_fields=["cancel_url", "reschedule_url", "ics_url", "legacy_link_count"])


def backwards(apps, schema_editor):
    SyncedAppointment = apps.get_model("booking", "SyncedAppointment")
    for obj in SyncedAppointment.objects.iterator(chunk_size=500):
        obj.payload.setdefault("urls", {})
        obj.payload["urls"]["cancel"] = [obj.cancel_url]
        obj.save(update_fields=["payload"])


class Migration(migrations.Migration):
    dependencies = [("booking", "0041_syncedappointment_needs_review")]

    operations = [
        migrations.AddField("syncedappointment", "cancel_url", models.URLField(blank=True, max_length=500)),
        migrations.AddField("syncedappointment", "reschedule_url", models.URLField(blank=True, max_length=500)),
        migrations.AddField("syncedappointment", "ics_url", models.URLField(blank=True, max_length=500)),
        migrations.AddField("syncedappointment", "legacy_link_count", models.PositiveSmallIntegerField(default=0)),
        migrations.RunPython(forwards, backwards),
    ]
