from apptlint.payload.rule import Issue, PayloadRule


class NotMigratable(PayloadRule):
    """
    ## What it does
    `apptlint migrate` reports a payload that would still fail the target version after the
    flat fields are added, because something else in it is wrong.

    ## Why is this bad
    Every payload migrate writes must validate under the target version; this one would not,
    so it is left unchanged.

    ## Example
    A 1.5.0 appointment whose `created_at` is `"yesterday"`.

    ## Fix safety
    Nothing is written. Run `apptlint validate` on the file to see the other problems.
    """

    code = "APT303"
    level = "error"
    name = "not-migratable"
    summary = "Payload would still be invalid after migration; left unchanged"

    def check_migration(self, migration):
        if migration.invalid_after:
            yield Issue(
                f"would still be invalid under {migration.version} after adding the flat fields; "
                "left unchanged (run `apptlint validate` for details)"
            )
