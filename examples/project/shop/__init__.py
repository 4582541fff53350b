"""A small consumer of the appointments API, written against 1.5.0 (an apptlint example project)."""
