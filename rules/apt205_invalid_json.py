from apptlint.payload.rule import PayloadRule, ProblemKind


class InvalidJson(PayloadRule):
    """
    ## What it does
    Reports an empty file, a UTF-8 byte order mark, bytes that are not UTF-8, a malformed or truncated JSON Lines line, and nesting too deep to check, with the file and line. The rest of the file is still checked.

    ## Why is this bad
    Such input cannot be read reliably; most JSON readers reject it, and some accept it differently.

    ## Example
    A JSON Lines file whose line 3 is `{"id": ` gives `events.jsonl:3: APT205 truncated JSON`.

    ## Fix safety
    Report only; the file is never changed.
    """

    code = "APT205"
    level = "error"
    name = "invalid-json"
    summary = "Input that is not one valid JSON document"
    problem = ProblemKind.INVALID_JSON
