from apptlint.payload.recognize import near_miss
from apptlint.payload.rule import Issue, PayloadRule


class UnrecognizedPayload(PayloadRule):
    """
    ## What it does
    Reports a payload (or an item of a list envelope) that has no `object` discriminator apptlint knows (`appointment`, `public_appointment`, `booking_link`, `client`, `provider`), is no envelope (`{data: ...}`, `{data: [...], meta}`) and no event data (`{object: ...}`).

    ## Why is this bad
    An unrecognised payload would otherwise pass silently, unchecked.

    ## Example
    `{"hello": "world"}` gives `APT202 payload kind not recognised`.

    ## Fix safety
    Report only. Pass `--schema NAME` to check such files against one schema.
    """

    code = "APT202"
    name = "unrecognized-payload"
    summary = "A payload whose kind apptlint cannot tell"

    def check_target(self, target):
        tag = target.value.get("object") if isinstance(target.value, dict) else None
        typo = near_miss(tag) if isinstance(tag, str) else None
        if target.schema is None and typo is not None:
            yield Issue(
                f"payload kind not recognised: `object` is {tag!r}, no kind apptlint knows (did you mean {typo!r}?)",
                pointer=target.pointer,
            )
        elif target.schema is None:
            yield Issue(
                "payload kind not recognised (no `object` discriminator, envelope or event shape apptlint "
                "knows); use --schema NAME to force one",
                pointer=target.pointer,
            )
