from apptlint.payload.rule import PayloadRule, ProblemKind


class NonPortableNumber(PayloadRule):
    """
    ## What it does
    Reports the non-standard constants `NaN`, `Infinity`, `-Infinity`, and integers outside the 64-bit range.

    ## Why is this bad
    They are not valid JSON, or lose precision in many readers (JavaScript among them).

    ## Example
    `{"uses_count": NaN}`

    ## Fix safety
    Report only.
    """

    code = "APT207"
    name = "non-portable-number"
    summary = "NaN, Infinity or an integer beyond 64 bits"
    problem = ProblemKind.NON_PORTABLE_NUMBER
