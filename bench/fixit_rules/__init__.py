"""Fixit 2 rules used as the peer of `apptlint check` (loaded by module path, see bench/run.py)."""
