from django.db import models
from django.db.models.fields.json import KT
from django.utils import timezone


class StoredAppointment(models.Model):
    """Local mirror of SavvyCal appointments, one row per appointment id."""

    external_id = models.CharField(max_length=32, unique=True)
    status = models.CharField(max_length=16, default="scheduled")
    payload = models.JSONField(default=dict)
    cancel_url = models.URLField(blank=True)
    synced_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            models.Index(KT("payload__urls__cancel__0"), name="appt_cancel_link_idx"),
            models.Index(KT("payload__reschedule_url"), name="appt_resched_url_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.external_id} ({self.status})"

    @property
    def join_link(self):
        return self.payload.get("urls", {}).get("join", [None])[0]

    @property
    def all_cancel_links(self):
        return list(self.payload["urls"]["cancel"])

    def refresh_links(self, fresh: dict) -> None:
        self.payload["urls"] = fresh["urls"]
        self.payload["cancel_url"] = fresh["cancel_url"]
        self.save(update_fields=["payload"])

    def save(self, *args, **kwargs):
        self.cancel_url = self.payload.get("cancel_url", "")
        self.synced_at = timezone.now()
        super().save(*args, **kwargs)


class SiteLink(models.Model):
    """Links we show in our own footer; has nothing to do with SavvyCal."""

    label = models.CharField(max_length=64)
    urls = models.JSONField(default=dict)

    def primary(self):
        return self.urls["cancel"][0]
