"""Where stored payloads come from: files and JSON Lines (files.py), recorded HTTP (recorded.py), tables (db.py)."""


class SourceError(Exception):
    """The whole source cannot be read or written; the message is one line, for the user.

    It lives here, not in base.py, so the command line's error guard can catch it without loading the rest."""
