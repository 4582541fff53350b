from __future__ import annotations

from apptlint.payload import snapshots
from apptlint.payload.rule import Issue, PayloadRule
from apptlint.payload.validation import appointments_within


class UrlsFlatMismatch(PayloadRule):
    """
    ## What it does
    In a payload that is valid under 1.6.0 or later, compares each deprecated `urls.K[0]` with
    the flat `K_url` field that replaces it (the pairs come from the snapshot's `x-replaces`).

    ## Why is this bad
    The flat field is canonical. If the two disagree, the payload was edited by hand or
    produced by a buggy writer, and code still reading `urls` sends clients to a different page
    than code reading the flat field.

    ## Example
    `{"cancel_url": "https://book.acme.com/c/appointments/appt_1/cancel",
      "urls": {"cancel": ["https://old.example.com/c/appointments/appt_1/cancel"], ...}, ...}`

    ## Fix safety
    Report only: apptlint cannot tell which of the two values is right. Refetch the
    appointment from the API.
    """

    code = "APT203"
    level = "error"
    name = "urls-flat-mismatch"
    summary = "A deprecated `urls.K[0]` disagrees with its flat `K_url`"

    def check_target(self, target):
        if not target.valid:
            return
        for pointer, schema, obj in appointments_within(target.value, target.schema, target.pointer, target.version):
            urls = obj.get("urls") if isinstance(obj, dict) else None
            if not isinstance(urls, dict):
                continue
            for key, field in snapshots.flat_replacements(target.version).get(schema, {}).items():
                listed = urls.get(key)
                if isinstance(listed, list) and listed and field in obj and listed[0] != obj[field]:
                    yield Issue(
                        f"`urls.{key}[0]` differs from `{field}`; the flat field is canonical",
                        pointer=f"{pointer}/urls/{key}/0",
                    )
