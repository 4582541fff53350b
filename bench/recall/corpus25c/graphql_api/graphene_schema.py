"""Legacy graphene schema, still mounted at /graphql/v1 for the mobile app."""
import graphene
import requests
from django.conf import settings


def fetch(appointment_id):
    r = requests.get(
        f"{settings.APPTS_API}/v1/appointments/{appointment_id}",
        headers={"Authorization": f"Bearer {settings.APPTS_TOKEN}"},
        timeout=10,
    )
    r.raise_for_status()
    return r.json()["data"]


class LinkSet(graphene.ObjectType):
    kind = graphene.String()
    urls = graphene.List(graphene.String)


class AppointmentType(graphene.ObjectType):
    id = graphene.ID()
    status = graphene.String()
    reschedule_link = graphene.String()
    ics_link = graphene.String()
    link_sets = graphene.List(LinkSet)

    def resolve_reschedule_link(parent, info):
        return parent["urls"]["reschedule"][0]

    def resolve_ics_link(parent, info):
        return parent["ics_url"]

    def resolve_link_sets(parent, info):
        return [LinkSet(kind=k, urls=v) for k, v in parent["urls"].items()]


class Query(graphene.ObjectType):
    appointment = graphene.Field(AppointmentType, id=graphene.ID(required=True))
    confirm_link = graphene.String(id=graphene.ID(required=True))

    def resolve_appointment(root, info, id):
        return fetch(id)

    def resolve_confirm_link(root, info, id):
        appt = fetch(id)
        if "confirm_url" in appt:
            return appt["confirm_url"]
        return appt["urls"]["confirm"][0]


schema = graphene.Schema(query=Query)
