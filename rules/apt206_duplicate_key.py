from apptlint.payload.rule import PayloadRule, ProblemKind


class DuplicateKey(PayloadRule):
    """
    ## What it does
    Reports a JSON object that repeats a key, and a cassette's YAML mapping or a HAR file's object that does.

    ## Why is this bad
    RFC 8259 leaves the meaning open: Python keeps the last value, other readers the first, so the same payload means different things to different programs.

    ## Example
    `{"id": "appt_1", "id": "appt_2"}`

    ## Fix safety
    Report only; the payload is checked with the last value, as Python reads it, and `migrate` leaves it alone. A cassette or HAR file with a repeated key is not read further.
    """

    code = "APT206"
    level = "error"
    name = "duplicate-key"
    summary = "An object with the same key twice"
    problem = ProblemKind.DUPLICATE_KEY
