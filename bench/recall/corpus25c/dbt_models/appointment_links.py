import snowflake.snowpark.functions as F


def model(dbt, session):
    dbt.config(materialized="table", packages=["pandas"])
    appts = dbt.ref("stg_appointments")  # VARIANT column PAYLOAD holds the API object

    links = appts.select(
        F.col("ID").alias("APPOINTMENT_ID"),
        F.col("PAYLOAD")["urls"]["cancel"][0].cast("string").alias("CANCEL_LINK"),
        F.col("PAYLOAD")["reschedule_url"].cast("string").alias("RESCHEDULE_LINK"),
        F.get_path(F.col("PAYLOAD"), F.lit("urls.ics[0]")).cast("string").alias("ICS_LINK"),
        F.array_size(F.col("PAYLOAD")["urls"]["join"]).alias("JOIN_LINK_COUNT"),
        F.sql_expr("PAYLOAD:urls:confirm[0]::string").alias("CONFIRM_LINK"),
    )

    df = links.to_pandas()
    df["LINK_HOST"] = df["CANCEL_LINK"].str.extract(r"^https?://([^/]+)/", expand=False)
    df["ON_CANONICAL_HOST"] = df["LINK_HOST"].eq("savvycal.com")
    return session.create_dataframe(df)
