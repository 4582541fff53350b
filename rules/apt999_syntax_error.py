from apptlint.core.rule import UNPARSABLE, InputRule


class SyntaxErrorInFile(InputRule):
    """
    ## What it does
    Reports a Python file that cannot be parsed or decoded, with the line and column where
    parsing stopped.

    ## Why is this bad
    No rule can look inside a file that does not parse, so it may hide deprecated reads.
    The file is left untouched, and the run goes on with the other files.

    ## Example
    `def f(:` in `app.py` gives `app.py:1:7: APT999 cannot parse: ...`.

    ## Fix safety
    Nothing is fixed; apptlint never writes a file it could not parse.
    """

    code = "APT999"
    level = "error"
    name = "syntax-error"
    summary = "A Python file could not be parsed or decoded"
    event = UNPARSABLE
