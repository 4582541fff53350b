from apptlint.payload.rule import Issue, PayloadRule


class DerivedValue(PayloadRule):
    """
    ## What it does
    With `apptlint migrate --derive-missing`, reports each value that was derived rather than
    copied: the URL built from the sibling URLs' shared `.../c/appointments/<id>/` prefix.

    ## Why is this bad
    A derived URL follows the pattern every sibling shares, but the API never said it.
    The report lets you review or refetch those payloads.

    ## Example
    `APT302 derived add_to_calendar_url = https://book.acme.com/c/appointments/appt_1/add_to_calendar`

    ## Fix safety
    Derived only when every sibling URL has the same prefix and its id is the appointment's id.
    """

    code = "APT302"
    level = "note"
    name = "derived-value"
    summary = "Migration derived a value from the sibling URLs"

    def check_migration(self, migration):
        # With --write the payload is done, and keeping a finding per upgraded payload would grow with the log.
        if migration.upgraded and not migration.write:
            for pointer, message in migration.plan.derived:
                yield Issue(message, pointer=pointer)
