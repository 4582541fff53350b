"""SARIF 2.1.0 as GitHub code scanning keeps it stable from run to run.

- URIs are relative to the repository root (`uriBaseId: SRCROOT`, declared in `originalUriBaseIds`),
  whatever the working directory, and percent-encoded.
- Every result has `partialFingerprints`: code findings from the path, code and message (and which
  occurrence of that triple it is), payload findings from the path, JSON pointer and, in JSON Lines,
  the line the payload is on; so findings are matched across runs as lines move.
- Levels come from each rule (`error`, `warning`, `note`), tags from its kind.
- `automationDetails.id` names the command, so check and validate uploads do not replace each other.
- Input that could not be read is a tool execution notification, not a result.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import TextIO
from urllib.parse import quote

from apptlint import __version__
from apptlint.core.findings import Finding, RunReport

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
ROOT_ID = "SRCROOT"


def repository_root(start: Path | None = None) -> Path:
    """The nearest folder holding `.git` (a folder or a worktree file), else the working directory."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def artifact_uri(path: str, root: Path) -> tuple[str, bool]:
    """(URI, relative to `root`?) for a finding's path; stdin and table rows are kept as they are."""
    if path in ("-", "<stdin>", "<string>") or ("#" in path and not os.path.exists(path)):
        return quote(path, safe="/#"), False
    resolved = Path(os.path.abspath(path))
    try:
        return quote(resolved.relative_to(root).as_posix()), True
    except ValueError:
        return resolved.as_uri(), False


def _fingerprint(*parts: object) -> str:
    import hashlib  # its OpenSSL binding costs every run's start-up; only SARIF and GitLab output need it

    return hashlib.sha256("\0".join(map(str, parts)).encode()).hexdigest()[:32]


def fingerprints(findings: list[Finding]) -> list[str]:
    """A stable identity per finding, in order: code findings by path, code and message (and which occurrence
    of that triple), payload findings by path and JSON pointer (and, in JSON Lines, the payload's line)."""
    seen: Counter = Counter()
    found = []
    for f in findings:
        identity: tuple[object, ...]
        if f.pointer is not None:
            one_per_line = f.line is not None and f.path.endswith((".jsonl", ".ndjson"))
            identity = (f.code, f.path, f.line if one_per_line else "", f.pointer)
        else:
            identity = (f.code, f.path, f.message)
        seen[identity] += 1
        found.append(_fingerprint(*identity, seen[identity]))
    return found


def _location(f: Finding, root: Path) -> dict:
    uri, relative = artifact_uri(f.path, root)
    artifact = {"uri": uri, "uriBaseId": ROOT_ID} if relative else {"uri": uri}
    region = {"startLine": max(1, f.line or 1), "startColumn": max(1, f.column or 1)}
    if f.end_line:
        region["endLine"] = max(region["startLine"], f.end_line)
        if f.end_column:
            region["endColumn"] = max(1, f.end_column)
    return {"physicalLocation": {"artifactLocation": artifact, "region": region}}


def _descriptor(code: str, rule) -> dict:
    if rule is None:
        return {"id": code, "shortDescription": {"text": code}, "defaultConfiguration": {"level": "warning"}}
    tags = [rule.kind] + (["fixable"] if rule.fixable else [])
    return {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.section("What it does") or rule.summary},
        "help": {"text": rule.docs(), "markdown": rule.docs()},
        "defaultConfiguration": {"level": rule.level},
        "properties": {"tags": tags},
    }


def render_sarif(report: RunReport, out: TextIO, verbose: bool = False) -> None:
    from apptlint.core.registry import all_rules

    rules = all_rules()
    root = repository_root()
    kind = "code" if report.command == "check" else "payload"
    used = sorted({f.code for f in report.findings} | {c for c, r in rules.items() if r.kind == kind})
    descriptors = [_descriptor(code, rules.get(code)) for code in used]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    results = []
    findings = sorted(report.findings, key=Finding.sort_key)
    for f, fingerprint in zip(findings, fingerprints(findings)):
        rule = rules.get(f.code)
        result = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": rule.level if rule else "warning",
            "message": {"text": f.message},
            "locations": [_location(f, root)],
            "partialFingerprints": {"apptlintFinding/v1": fingerprint},
        }
        if f.replacement is not None and f.line and f.end_line:
            location = result["locations"][0]["physicalLocation"]  # type: ignore[index]
            result["fixes"] = [
                {
                    "description": {"text": f"apptlint --fix: {f.message}"},
                    "artifactChanges": [
                        {
                            "artifactLocation": location["artifactLocation"],
                            "replacements": [
                                {"deletedRegion": location["region"], "insertedContent": {"text": f.replacement}}
                            ],
                        }
                    ],
                }
            ]
        props = {k: v for k, v in (("pointer", f.pointer), ("schemaVersion", f.schema_version)) if v is not None}
        if props:
            result["properties"] = props
        results.append(result)
    notifications = [
        {
            "level": "error",
            "message": {"text": f.message},
            "locations": [_location(f, root)],
            "descriptor": {"id": f.code},
        }
        for f in sorted(report.errors, key=Finding.sort_key)
    ]
    run = {
        "tool": {"driver": {"name": "apptlint", "version": __version__, "rules": descriptors}},
        "automationDetails": {"id": f"apptlint/{report.command}/"},
        "originalUriBaseIds": {ROOT_ID: {"uri": root.as_uri() + "/"}},
        "invocations": [{"executionSuccessful": not report.errors, "toolExecutionNotifications": notifications}],
        "results": results,
    }
    json.dump({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, out, indent=2)
    out.write("\n")
