"""Data migration: move stored links to the clinic's branded domain."""
from urllib.parse import urlsplit, urlunsplit

from django.db import migrations

BRANDED = "book.acme.com"


def forwards(apps, schema_editor):
    StoredAppointment = apps.get_model("clinic", "StoredAppointment")
    for row in StoredAppointment.objects.all().iterator():
        data = row.payload
        for key, links in data.get("urls", {}).items():
            data["urls"][key] = [l.replace("savvycal.com", BRANDED) for l in links]
        if data.get("cancel_url"):
            if urlsplit(data["cancel_url"]).netloc.endswith("savvycal.com"):
                data["cancel_url"] = urlunsplit(urlsplit(data["cancel_url"])._replace(netloc=BRANDED))
        row.cancel_url = data.get("cancel_url", "")
        row.save(update_fields=["payload", "cancel_url"])


def backwards(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [("clinic", "0041_storedappointment_cancel_url")]
    operations = [migrations.RunPython(forwards, backwards)]
