"""Errors of the payload API, in a module light enough for `import apptlint` to load."""

from __future__ import annotations


class UpgradeError(ValueError):
    """A payload `upgrade` cannot bring to the target version. `missing` holds the JSON pointers of the
    values only a refetch from the API can give (empty when the payload is not of this API, or invalid)."""

    def __init__(self, message: str, missing: tuple[str, ...] = ()):
        super().__init__(message)
        self.missing = missing

    def __reduce__(self):  # picklable with its fields, so it crosses process pools
        return (type(self), (str(self), self.missing))


class UnknownSchemaError(LookupError):
    """A version or schema name that no snapshot has."""
