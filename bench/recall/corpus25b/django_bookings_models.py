# bookings/models.py  (clinic-ops Django app)
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Coalesce


class AppointmentQuerySet(models.QuerySet):
    def with_links(self):
        return self.annotate(
            cancel_link=KeyTextTransform("0", KeyTransform("cancel", KeyTransform("urls", "payload"))),
            reschedule_link=KeyTextTransform("reschedule_url", "payload"),
            join_link=Coalesce(
                KeyTextTransform("join_url", "payload"),
                KeyTextTransform("0", KeyTransform("join", KeyTransform("urls", "payload"))),
            ),
        )

    def with_video(self):
        return self.filter(payload__urls__join__0__isnull=False)

    def missing_ics(self):
        return self.filter(payload__urls__ics=[])

    def by_cancel_link(self, link: str):
        return self.filter(
            Q(payload__cancel_url=link)
            | Q(payload__cancel_url__isnull=True, payload__urls__cancel__0=link)
        )

    def on_custom_domain(self):
        return self.exclude(payload__cancel_url__startswith="https://savvycal.com/")


class Appointment(models.Model):
    savvycal_id = models.CharField(max_length=32, unique=True)
    status = models.CharField(max_length=16)
    start_at = models.DateTimeField()
    payload = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["status", "start_at"])]

    def __str__(self):
        return f"{self.savvycal_id} ({self.status})"

    @property
    def cancel_link(self) -> str:
        return self.payload["cancel_url"]

    @property
    def google_calendar_link(self) -> str | None:
        return self.payload.get("urls", {}).get("add_to_google_calendar", [None])[0]


class ClinicLocation(models.Model):
    name = models.CharField(max_length=120)
    website = models.URLField(blank=True)
    urls = models.JSONField(default=dict, help_text="Our own link directory: {'parking': ..., 'map': ...}")

    def parking_link(self):
        return self.urls.get("parking")
