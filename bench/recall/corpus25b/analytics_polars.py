"""Weekly no-show report built with polars (data-platform team)."""
import polars as pl

SOURCE = "s3://northwind-lake/raw/savvycal/appointments/*.ndjson"


def load() -> pl.LazyFrame:
    return pl.scan_ndjson(SOURCE)


def link_columns(lf: pl.LazyFrame) -> pl.LazyFrame:
    urls = pl.col("urls")
    return lf.with_columns(
        urls.struct.field("cancel").list.first().alias("cancel_link"),
        pl.col("urls").struct.field("reschedule").list.get(0).alias("reschedule_link"),
        pl.col("urls").struct.field("join").list.get(-1).alias("last_join_link"),
        pl.col("urls").struct.field("ics").list.len().alias("ics_link_count"),
        pl.col("join_url").alias("join_link"),
        pl.col("cancel_url").str.contains("savvycal.com", literal=True).alias("on_default_domain"),
    )


def no_show_report(lf: pl.LazyFrame) -> pl.LazyFrame:
    return (
        link_columns(lf)
        .filter(pl.col("status") == "scheduled")
        .group_by(pl.col("service").struct.field("name").alias("service"))
        .agg(
            pl.len().alias("appointments"),
            pl.col("on_default_domain").mean().alias("share_default_domain"),
            pl.col("cancel_link").n_unique().alias("distinct_cancel_links"),
        )
        .sort("appointments", descending=True)
    )


def host_breakdown(lf: pl.LazyFrame) -> pl.DataFrame:
    return (
        lf.select(pl.col("reschedule_url").str.extract(r"https?://([^/]+)", 1).alias("host"))
        .collect()
        .group_by("host")
        .len()
    )


if __name__ == "__main__":
    print(no_show_report(load()).collect())
