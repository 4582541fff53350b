"""Code and payload rules. Each rule is one class in its own module; see `apptlint.core.registry`."""
