"""apptlint: lint code, validate and migrate stored payloads for the appointments API 1.5.0 -> 1.6.0 change."""

__version__ = "0.1.0"

__all__ = ["__version__", "validate_payload"]


def __getattr__(name):
    # Keep `import apptlint` cheap: the validation engine loads only when asked for.
    if name == "validate_payload":
        from apptlint.payload.validation import validate_payload

        return validate_payload
    raise AttributeError(f"module 'apptlint' has no attribute {name!r}")
