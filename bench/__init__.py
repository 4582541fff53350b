"""Benchmarks of apptlint against the tools users would otherwise use. Run `python -m bench --help`."""
