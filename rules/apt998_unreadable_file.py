from apptlint.core.rule import UNREADABLE, InputRule


class UnreadableFile(InputRule):
    """
    ## What it does
    Reports a path that could not be read at all: it does not exist, is a directory where a
    file was expected, is not readable, or is a folder that cannot be listed. `migrate --write`
    also reports a file that another writer changed while it was being migrated (it is left as
    that writer left it), and a file apptlint itself failed on.

    ## Why is this bad
    Nothing was checked in it (or written to it). The run goes on with the other paths and exits 2.

    ## Example
    `apptlint check missing.py` prints `missing.py: APT998 cannot read: No such file or directory`.

    ## Fix safety
    Nothing to fix automatically; check the path.
    """

    code = "APT998"
    level = "error"
    name = "unreadable-file"
    summary = "A path could not be read"
    event = UNREADABLE
