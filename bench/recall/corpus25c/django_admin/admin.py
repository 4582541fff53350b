import csv

from django.contrib import admin, messages
from django.db.models.fields.json import KT
from django.http import HttpResponse
from django.utils.html import format_html

from notifications.emails import send_confirmation

from .models import SyncedAppointment


@admin.register(SyncedAppointment)
class SyncedAppointmentAdmin(admin.ModelAdmin):
    list_display = ("appointment_id", "status", "starts_at", "cancel_link", "meeting_link")
    search_fields = ("appointment_id", "client_email")
    readonly_fields = ("payload",)
    actions = ["export_links_csv", "resend_confirmation", "flag_duplicate_links"]

    @admin.display(description="Cancel link")
    def cancel_link(self, obj):
        url = obj.payload["urls"]["cancel"][0]
        return format_html('<a href="{}" target="_blank" rel="noopener">cancel</a>', url)

    @admin.display(description="Meeting")
    def meeting_link(self, obj):
        meeting = obj.payload.get("meeting") or {}
        if not meeting.get("join_url"):
            return "-"
        return format_html('<a href="{}">{}</a>', meeting["join_url"], meeting["conferencing_provider"])

    @admin.action(description="Export links as CSV")
    def export_links_csv(self, request, queryset):
        resp = HttpResponse(content_type="text/csv")
        resp["Content-Disposition"] = 'attachment; filename="appointment-links.csv"'
        w = csv.writer(resp)
        w.writerow(["appointment", "reschedule", "ics", "join"])
        rows = queryset.annotate(
            reschedule=KT("payload__urls__reschedule__0"),
            ics=KT("payload__ics_url"),
            join=KT("payload__urls__join__0"),
        ).values_list("appointment_id", "reschedule", "ics", "join")
        w.writerows(rows)
        return resp

    @admin.action(description="Re-send confirmation email")
    def resend_confirmation(self, request, queryset):
        for obj in queryset:
            link = obj.payload.get("confirm_url") or obj.payload["urls"]["confirm"][0]
            send_confirmation(obj.client_email, link)
        self.message_user(request, f"Queued {queryset.count()} emails", messages.SUCCESS)

    @admin.action(description="Flag appointments sharing a cancel link")
    def flag_duplicate_links(self, request, queryset):
        for obj in queryset:
            first_link = obj.payload["urls"]["cancel"][0]
            dupes = SyncedAppointment.objects.filter(payload__urls__cancel__contains=[first_link])
            if dupes.exclude(pk=obj.pk).exists():
                obj.needs_review = True
                obj.save(update_fields=["needs_review"])
