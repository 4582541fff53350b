"""Daily data-quality checks on the synced appointments table (runs in the DQ notebook job)."""
import pandas as pd


def frame(appts: list[dict]) -> pd.DataFrame:
    return pd.DataFrame.from_records(appts)


def check_links(df: pd.DataFrame) -> dict[str, int]:
    problems: dict[str, int] = {}
    legacy = df["urls"].apply(pd.Series)
    problems["cancel_mismatch"] = int((legacy["cancel"].str[0] != df["cancel_url"]).sum())
    problems["multi_reschedule"] = int(df["urls"].map(lambda u: len(u["reschedule"]) > 1).sum())
    problems["missing_ics"] = int(df["ics_url"].isna().sum())
    problems["no_join"] = int((~df["urls"].map(lambda u: bool(u.get("join")))).sum())
    drift = df["cancel_url"].str.extract(r"^https://([^/]+)/", expand=False) != df["reschedule_url"].str.extract(r"^https://([^/]+)/", expand=False)
    problems["host_drift"] = int(drift.sum())
    return problems


def report(appts: list[dict]) -> str:
    problems = check_links(frame(appts))
    bad = {k: v for k, v in problems.items() if v}
    return "all good" if not bad else ", ".join(f"{k}={v}" for k, v in sorted(bad.items()))
