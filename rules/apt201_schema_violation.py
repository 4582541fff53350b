from apptlint.core.rule import PayloadRule


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
    name = "schema-violation"
    summary = "A payload breaks its JSON Schema"
