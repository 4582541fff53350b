from django.contrib import admin
from django.utils.html import format_html

from .models import SiteLink, StoredAppointment


@admin.register(StoredAppointment)
class StoredAppointmentAdmin(admin.ModelAdmin):
    list_display = ("external_id", "status", "cancel_link", "link_count", "calendar")
    search_fields = ("external_id", "payload__cancel_url")
    readonly_fields = ("payload",)

    @admin.display(description="Cancel")
    def cancel_link(self, obj):
        return format_html('<a href="{}">cancel</a>', obj.payload["urls"]["cancel"][0])

    @admin.display(description="# links")
    def link_count(self, obj):
        return sum(len(v) for v in obj.payload["urls"].values())

    @admin.display(description="Calendar")
    def calendar(self, obj):
        return format_html('<a href="{}">add</a>', obj.payload.get("add_to_calendar_url", "#"))

    def view_on_site(self, obj):
        return obj.payload["reschedule_url"]


@admin.register(SiteLink)
class SiteLinkAdmin(admin.ModelAdmin):
    list_display = ("label", "first_url")

    def first_url(self, obj):
        return obj.urls["cancel"][0] if obj.urls.get("cancel") else "-"
