# bookings/serializers.py
from rest_framework import serializers

from .models import Appointment, ClinicLocation


class AppointmentLinksSerializer(serializers.Serializer):
    """Serializes the stored SavvyCal payload dict (Appointment.payload)."""

    cancel = serializers.URLField(source="cancel_url")
    reschedule = serializers.URLField(source="reschedule_url")
    ics = serializers.ListField(child=serializers.URLField(), source="urls.ics")
    join = serializers.SerializerMethodField()
    confirm = serializers.SerializerMethodField()
    add_to_google = serializers.SerializerMethodField()

    def get_join(self, payload):
        return payload["urls"]["join"][0] if payload["urls"]["join"] else None

    def get_confirm(self, payload):
        return payload.get("confirm_url") or payload["urls"]["confirm"][0]

    def get_add_to_google(self, payload):
        return payload["urls"]["add_to_google_calendar"][0]


class AppointmentSerializer(serializers.ModelSerializer):
    links = AppointmentLinksSerializer(source="payload")
    client_email = serializers.EmailField(source="payload.client.email", allow_null=True)
    all_links = serializers.JSONField(source="payload.urls", read_only=True)
    first_reschedule = serializers.SerializerMethodField()

    class Meta:
        model = Appointment
        fields = ["id", "savvycal_id", "status", "start_at", "links", "client_email", "all_links", "first_reschedule"]

    def get_first_reschedule(self, obj: Appointment):
        reschedule_links = obj.payload["urls"]["reschedule"]
        return reschedule_links[0]


class ClinicLocationSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="cliniclocation-detail")
    urls = serializers.DictField(child=serializers.URLField())

    class Meta:
        model = ClinicLocation
        fields = ["url", "name", "website", "urls"]
