from apptlint.payload.rule import Issue, PayloadRule
from apptlint.payload.validation import describe, pointer_of


class SchemaViolation(PayloadRule):
    """
    ## What it does
    Validates each recognised payload against the component schema of the chosen snapshot version (`--schema-version`, default the newest), with real `format` checks (`uri`, `date-time`, `email`). For `anyOf`/`oneOf` only the best-matching branch is reported.

    ## Why is this bad
    Code and databases that read the payload expect the documented shape; a payload that breaks it fails at run time, often far from where it was stored.

    ## Example
    `{"object": "booking_link", "max_uses": 0, ...}` gives `APT201 BookingLink: must be >= 1 (at /max_uses)`.

    ## Fix safety
    Report only. If the payload is merely an older version's shape, APT204 is reported instead and `apptlint migrate` can upgrade it.
    """

    code = "APT201"
    level = "error"
    name = "schema-violation"
    summary = "A payload breaks its JSON Schema"

    def check_target(self, target):
        if target.valid or target.schema is None or target.migratable_from is not None:
            return
        errors = target.errors
        for error in errors[: target.max_errors]:
            pointer = pointer_of(target.pointer, error.absolute_path)
            yield Issue(f"{target.schema}: {describe(error, pointer, target.show_values)}", pointer=pointer)
        if len(errors) > target.max_errors:
            yield Issue(
                f"{target.schema}: {len(errors) - target.max_errors} more error(s) not shown (--max-errors)",
                pointer=target.pointer,
            )
