"""Score `apptlint check` on a labelled consumer corpus: recall and precision by (file, line range, code).

A corpus is a folder of .py files with truth.json, a list of {"file", "line", "end_line", "code"}: a finding
counts as true when its code matches and its line lies in the labelled range. Usage:
    python -m bench.score_corpus CORPUS [--apptlint PATH] [--show]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter


def findings_of(corpus: str, apptlint: str) -> list[dict]:
    run = subprocess.run(
        [apptlint, "check", "--output-format", "json", "--exit-zero", corpus],
        capture_output=True,
        text=True,
        check=False,
    )
    data = json.loads(run.stdout)
    rows = data if isinstance(data, list) else data.get("findings", data.get("results", []))
    out = []
    for row in rows:
        path = row.get("filename") or row.get("path") or row.get("file")
        line = row.get("line") or row.get("location", {}).get("row")
        end = row.get("end_line") or line
        out.append({"file": os.path.relpath(path, corpus), "line": line, "end_line": end, "code": row["code"]})
    return [f for f in out if f["code"] != "APT999"]


def score(truth: list[dict], found: list[dict]):
    matched_truth, true_found = set(), set()
    for i, f in enumerate(found):
        for j, t in enumerate(truth):
            # The same expression: the finding's lines and the labelled lines overlap.
            if (
                t["file"] == f["file"]
                and t["code"] == f["code"]
                and f["line"] <= t.get("end_line", t["line"])
                and t["line"] <= f["end_line"]
            ):
                matched_truth.add(j)
                true_found.add(i)
    return matched_truth, true_found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus")
    parser.add_argument("--apptlint", default=os.path.join(os.path.dirname(sys.executable), "apptlint"))
    parser.add_argument("--show", action="store_true", help="list misses and false findings")
    args = parser.parse_args()
    with open(os.path.join(args.corpus, "truth.json")) as handle:
        truth = json.load(handle)
    found = findings_of(args.corpus, args.apptlint)
    matched, true_found = score(truth, found)
    recall = len(matched) / len(truth)
    precision = len(true_found) / len(found) if found else 1.0
    print(
        f"recall {recall:.3f} ({len(matched)}/{len(truth)})  precision {precision:.3f} ({len(true_found)}/{len(found)})"
    )
    by_code = Counter(t["code"] for t in truth)
    hit_code = Counter(truth[j]["code"] for j in matched)
    print("  ".join(f"{c} {hit_code[c]}/{by_code[c]}" for c in sorted(by_code)))
    if args.show:
        for j, t in enumerate(truth):
            if j not in matched:
                print(f"MISS {t['file']}:{t['line']} {t['code']} {t.get('note', '')}")
        for i, f in enumerate(found):
            if i not in true_found:
                print(f"FALSE {f['file']}:{f['line']} {f['code']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
