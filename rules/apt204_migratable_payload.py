from apptlint.payload.rule import Issue, PayloadRule


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
    Marked fixable (`[*]`) only when migrate would really write it: validate runs the same upgrade on a copy.
    Otherwise the message says what stands in the way (a value only a refetch can give, or a `urls` entry
    that would make the upgraded payload invalid).
    """

    code = "APT204"
    level = "note"
    name = "migratable-payload"
    summary = "A payload of an older snapshot's shape that migrate can upgrade"
    fixable = True

    def check_target(self, target):
        if target.migratable_from is not None:
            old = target.migratable_from
            shaped = f"{target.schema} is {old}-shaped: valid under {old} but not {target.version}; "
            if target.migration_obstacle is None:
                yield Issue(shaped + "`apptlint migrate` can upgrade it", pointer=target.pointer, fixable=True)
            else:
                yield Issue(
                    shaped + f"`apptlint migrate` cannot upgrade it as it is: {target.migration_obstacle}",
                    pointer=target.pointer,
                )

    def check_migration(self, migration):
        if migration.upgraded and not migration.write:
            fields = sorted({a.key for a in migration.plan.additions})
            yield Issue(f"would upgrade to {migration.version}: added {', '.join(fields)}", fixable=True)
