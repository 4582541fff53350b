from rest_framework import serializers

from .models import StoredAppointment


class AppointmentLinkSerializer(serializers.Serializer):
    id = serializers.CharField()
    status = serializers.CharField()
    cancel = serializers.SerializerMethodField()
    reschedule = serializers.CharField(source="reschedule_url")
    ics = serializers.SerializerMethodField()
    join = serializers.SerializerMethodField()
    google = serializers.SerializerMethodField()

    def get_cancel(self, obj):
        return obj["urls"]["cancel"][0]

    def get_ics(self, obj):
        links = obj["urls"]["ics"]
        return links[0]

    def get_join(self, obj):
        return obj.get("join_url")

    def get_google(self, obj):
        return obj["urls"]["add_to_google_calendar"][0]


class StoredAppointmentSerializer(serializers.ModelSerializer):
    cancel_link = serializers.SerializerMethodField()
    confirm_link = serializers.SerializerMethodField()

    class Meta:
        model = StoredAppointment
        fields = ["external_id", "status", "cancel_url", "cancel_link", "confirm_link"]

    def get_cancel_link(self, instance):
        return instance.payload["urls"]["cancel"][0]

    def get_confirm_link(self, instance):
        payload = instance.payload
        return payload.get("confirm_url") or payload["urls"]["confirm"][0]

    def validate(self, attrs):
        if not attrs.get("cancel_url"):
            raise serializers.ValidationError("cancel_url is required")
        return attrs
