from apptlint.payload.rule import Issue, PayloadRule


class NeedsRefetch(PayloadRule):
    """
    ## What it does
    `apptlint migrate` reports an appointment that lacks a value the target version requires
    and no field of the payload holds: a 1.5.0 `Appointment` has no `urls.add_to_calendar`,
    yet 1.6.0 requires both it and `add_to_calendar_url`. The finding names the appointment id
    and the missing field.

    ## Why is this bad
    Migrating would mean inventing a URL. apptlint does not guess, so the payload is left as it is.

    ## Example
    `events.jsonl:2: APT301 appointment appt_a1b2c3d4e5f6 lacks urls.add_to_calendar; it needs a refetch from the API`

    ## Fix safety
    Refetch the appointment from the API. Or pass `--derive-missing`, which builds the value
    from the sibling URLs' shared `.../c/appointments/<id>/` prefix when every sibling agrees
    (each derived value is reported as APT302).
    """

    code = "APT301"
    name = "needs-refetch"
    summary = "Migration needs a value no field holds; refetch from the API"

    def check_migration(self, migration):
        for reason in dict.fromkeys(migration.plan.refetch):
            yield Issue(reason)
