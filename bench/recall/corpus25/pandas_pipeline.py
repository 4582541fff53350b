"""Weekly link-health notebook, exported to a module by the data team."""
import json

import pandas as pd


def load(path: str) -> pd.DataFrame:
    with open(path) as fh:
        records = [json.loads(line)["data"]["object"] for line in fh]
    return pd.json_normalize(records)


def link_table(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": df["id"],
            "cancel": df["urls.cancel"].str[0],
            "reschedule": df["urls.reschedule"].apply(lambda xs: xs[0]),
            "ics": df["ics_url"],
            "google": df["urls.add_to_google_calendar"].str.get(0),
            "confirm": df["urls.confirm"].map(lambda links: links[0]),
        }
    )


def link_counts(df: pd.DataFrame) -> pd.Series:
    return df["urls.join"].str.len().value_counts()


def exploded(df: pd.DataFrame) -> pd.DataFrame:
    return df.explode("urls.cancel")[["id", "urls.cancel"]]


def per_link_rows(records: list[dict]) -> pd.DataFrame:
    return pd.json_normalize(records, record_path=["urls", "reschedule"], meta=["id"])


def flat_table(df: pd.DataFrame) -> pd.DataFrame:
    return df[["id", "cancel_url", "reschedule_url", "join_url"]]


def crawl_summary(pages: list[dict]) -> pd.Series:
    crawl = pd.json_normalize(pages)
    return crawl["urls.canonical"].str[0]
