"""GitLab Code Quality JSON: a list of issues, each with a fingerprint, a severity and a repository path."""

from __future__ import annotations

import json
from typing import TextIO

from apptlint.core.findings import Finding, RunReport
from apptlint.reporters.sarif import artifact_uri, fingerprints, repository_root

# Code Quality severities, from each rule's level.
SEVERITY = {"error": "major", "warning": "minor", "note": "info"}


def render_gitlab(report: RunReport, out: TextIO, verbose: bool = False) -> None:
    from urllib.parse import unquote

    from apptlint.core.registry import all_rules

    rules = all_rules()
    root = repository_root()
    findings = sorted(report.errors + report.findings, key=Finding.sort_key)
    issues = []
    for f, fingerprint in zip(findings, fingerprints(findings)):
        rule = rules.get(f.code)
        uri, relative = artifact_uri(f.path, root)
        issues.append(
            {
                "description": f"{f.code} {f.message}" + (f" (at {f.pointer})" if f.pointer else ""),
                "check_name": f"{f.code} {rule.name}" if rule else f.code,
                "fingerprint": fingerprint,
                "severity": SEVERITY.get(rule.level if rule else "warning", "minor"),
                "location": {"path": unquote(uri) if relative else f.path, "lines": {"begin": max(1, f.line or 1)}},
            }
        )
    json.dump(issues, out, indent=2)
    out.write("\n")
