"""marshmallow schemas for the partner CSV/JSON export."""
from operator import itemgetter

from marshmallow import Schema, fields, pre_load
from toolz import compose

ics_first = compose(itemgetter(0), itemgetter("ics"), itemgetter("urls"))


class LinksSchema(Schema):
    cancel = fields.Function(lambda a: a["urls"]["cancel"][0])
    reschedule = fields.Function(lambda a: a.get("reschedule_url") or a["urls"]["reschedule"][0])
    confirm = fields.Function(lambda a: a["urls"]["confirm"][0])
    join = fields.Function(lambda a: a["urls"]["join"][0] if a["urls"]["join"] else None)
    ics = fields.Function(ics_first)
    ics_flat = fields.Function(lambda a: a["ics_url"])
    calendar = fields.Function(lambda a: a["urls"]["add_to_calendar"][0])
    google = fields.Function(lambda a: a["urls"]["add_to_google_calendar"][0])
    variant_count = fields.Function(lambda a: sum(map(len, a["urls"].values())))


class AppointmentExportSchema(Schema):
    id = fields.Str()
    status = fields.Str()
    start = fields.Str(attribute="start_at.utc")
    links = fields.Function(lambda a: LinksSchema().dump(a))
    raw_links = fields.Dict(attribute="urls")

    @pre_load
    def upgrade(self, data, **kwargs):
        # the old partner queue still sends payloads captured before 1.6
        if "cancel_url" not in data:
            data["cancel_url"] = data["urls"]["cancel"][0]
        return data


def export(appts: list[dict]) -> list[dict]:
    return AppointmentExportSchema(many=True).dump(appts)
