"""The general linters a team could point at the same problem, and what their rules find.

ruff has no way to state "a deprecated `urls` read", so it is timed with one cheap rule of its own
(F401) as the bar for speed. ast-grep and semgrep run the rules in bench/peer_rules/, written the way a
user who knows each tool would write them; `recall_rows` scores them, and apptlint and `grep`, on the
VALID/INVALID examples of apptlint's own code rules.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bench.measure import BENCH, apptlint_command, child_env

RULES = BENCH / "peer_rules"
# The two problems, as the peers' rules name them, and the apptlint rules each stands for.
FAMILIES = {
    "deprecated-urls-read": ("APT0", "deprecated `urls` use (APT001-APT005)"),
    "hard-coded-host": ("APT1", "fixed-host assumptions (APT101-APT103)"),
}


def ruff(venv: Path, *paths: str) -> list[str]:
    # --no-respect-gitignore: the corpora live in bench/.work/, which the repository ignores
    return [
        str(venv / "bin" / "ruff"),
        "check",
        "--select",
        "F401",
        "--no-cache",
        "--no-respect-gitignore",
        "--output-format",
        "concise",
        *paths,
    ]


def ast_grep(venv: Path, *paths: str, json_out: bool = False) -> list[str]:
    out = ["--json=stream"] if json_out else ["--report-style", "short"]
    return [
        str(venv / "bin" / "ast-grep"),
        "scan",
        "-r",
        str(RULES / "ast-grep.yml"),
        "--no-ignore",
        "vcs",
        "--no-ignore",
        "parent",
        *out,
        *paths,
    ]


def semgrep(venv: Path, *paths: str, json_out: bool = False) -> list[str]:
    return [
        str(venv / "bin" / "semgrep"),
        "scan",
        "--config",
        str(RULES / "semgrep.yml"),
        "--metrics=off",
        "--disable-version-check",
        "--no-git-ignore",
        *(["--json"] if json_out else []),
        *paths,
    ]


SEMGREP_ENV = {"SEMGREP_SEND_METRICS": "off", "SEMGREP_ENABLE_VERSION_CHECK": "0"}


# ---- recall on apptlint's own examples -------------------------------------------------------------


@dataclass
class Recall:
    tool: str
    scores: dict  # family -> (INVALID examples found, INVALID examples, VALID examples flagged, VALID examples)
    note: str = ""


def example_corpus(work: Path) -> tuple[Path, dict[str, tuple[str, bool]]]:
    """Each code rule's VALID and INVALID examples as files: {file name: (family, is INVALID)}."""
    from apptlint.core import registry

    folder = work / "examples-corpus"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.py"):
        old.unlink()
    labels = {}
    for rule in registry.code_rules():
        family = next(f for f, (prefix, _) in FAMILIES.items() if rule.code.startswith(prefix))
        cases = [(src, False) for src in rule.VALID] + [(case.code, True) for case in rule.INVALID]
        for n, (source, invalid) in enumerate(cases):
            name = f"{rule.code.lower()}_{'invalid' if invalid else 'valid'}_{n:02d}.py"
            (folder / name).write_text(source if source.endswith("\n") else source + "\n")
            labels[name] = (family, invalid)
    return folder, labels


def _score(flagged: set[tuple[str, str]], labels: dict) -> dict:
    scores = {}
    for family in FAMILIES:
        mine = {name: invalid for name, (f, invalid) in labels.items() if f == family}
        found = sum(1 for name, invalid in mine.items() if invalid and (name, family) in flagged)
        false = sum(1 for name, invalid in mine.items() if not invalid and (name, family) in flagged)
        scores[family] = (found, sum(mine.values()), false, sum(1 for v in mine.values() if not v))
    return scores


def _run(command: list[str], env: dict | None = None) -> str:
    return subprocess.run(command, capture_output=True, text=True, env=child_env(env), timeout=900).stdout


def recall_rows(work: Path, lint: Path, semgrep_venv: Path | None) -> list[Recall]:
    folder, labels = example_corpus(work)
    name = lambda path: Path(path).name  # noqa: E731
    rows = []

    doc = json.loads(_run([*apptlint_command(), "check", "--output-format", "json", str(folder)]))
    family_of = {prefix: family for family, (prefix, _) in FAMILIES.items()}
    mine = {(name(f["path"]), family_of[f["code"][:4]]) for f in doc["findings"] if f["code"][:4] in family_of}
    # A VALID example is valid for its own rule; a sibling rule may rightly flag it (APT001's VALID `.urls` uses
    # are APT002's business). The negatives are the VALID examples no rule of the family flags.
    siblings = {n for n, (family, invalid) in labels.items() if not invalid and (n, family) in mine}
    labels = {n: label for n, label in labels.items() if n not in siblings}
    rows.append(
        Recall(
            "apptlint",
            _score(mine, labels),
            f"its own test examples, so 100% is what its test-suite requires ({len(siblings)} VALID "
            "examples a sibling rule flags are left out for every tool)",
        )
    )

    stream = _run(ast_grep(lint, str(folder), json_out=True))
    hits = [json.loads(line) for line in stream.splitlines() if line.strip()]
    rows.append(Recall("ast-grep", _score({(name(h["file"]), h["ruleId"]) for h in hits}, labels)))

    if semgrep_venv is not None:
        results = json.loads(_run(semgrep(semgrep_venv, str(folder), json_out=True), SEMGREP_ENV))["results"]
        rows.append(
            Recall("semgrep", _score({(name(r["path"]), r["check_id"].rsplit(".", 1)[-1]) for r in results}, labels))
        )

    grep = {
        family: _run(["grep", "-rlE", word, str(folder)]).split()
        for family, word in (("deprecated-urls-read", "urls"), ("hard-coded-host", "savvycal"))
    }
    rows.append(
        Recall(
            "grep -rlE urls / savvycal",
            _score({(name(p), family) for family, paths in grep.items() for p in paths}, labels),
            "a word search: every mention counts",
        )
    )
    rows.append(Recall("ruff", {}, "no rule can say this in ruff: timed with F401 as the bar for speed only"))
    return rows


def recall_table(rows: list[Recall]) -> list[str]:
    head = " | ".join(f"{label}: INVALID examples found / others flagged" for _, label in FAMILIES.values())
    out = [f"| tool | {head} | note |", "|---|---:|---:|---|"]
    for row in rows:
        cells = []
        for family in FAMILIES:
            if family not in row.scores:
                cells.append("n/a")
                continue
            found, invalid, false, valid = row.scores[family]
            cells.append(f"{found}/{invalid} ({found / invalid:.0%}) / {false}/{valid}")
        out.append(f"| {row.tool} | {' | '.join(cells)} | {row.note} |")
    return out
