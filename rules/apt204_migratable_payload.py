from apptlint.core.rule import PayloadRule


class MigratablePayload(PayloadRule):
    """
    ## What it does
    Reports a payload that fails the chosen snapshot version but is valid under an older one, typically a 1.5.0 appointment without the flat `*_url` fields.

    ## Why is this bad
    Code already rewritten to read `cancel_url` raises `KeyError` on it.

    ## Example
    A 1.5.0 webhook event validated under 1.6.0 gives `APT204 Appointment is 1.5.0-shaped ...`.

    ## Fix safety
    Fixable with `apptlint migrate --write`, which adds the flat fields from `urls` and changes nothing else.
    """

    code = "APT204"
    name = "migratable-payload"
    summary = "A payload of an older snapshot's shape that migrate can upgrade"
