"""AWS Glue (PySpark) job: raw appointment JSON in S3 -> curated parquet."""
import sys

from awsglue.context import GlueContext
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import functions as F

args = getResolvedOptions(sys.argv, ["JOB_NAME", "RAW_PATH", "CURATED_PATH"])
glue = GlueContext(SparkContext.getOrCreate())
spark = glue.spark_session

raw = spark.read.json(args["RAW_PATH"])  # one API object per line

curated = raw.select(
    "id",
    "status",
    F.col("start_at.utc").alias("start_utc"),
    F.coalesce(F.col("cancel_url"), F.col("urls.cancel")[0]).alias("cancel_link"),
    F.element_at("urls.reschedule", 1).alias("reschedule_link"),
    F.element_at("urls.ics", -1).alias("last_ics_link"),
    F.col("urls.add_to_google_calendar").getItem(0).alias("gcal_link"),
    F.size("urls.join").alias("join_link_count"),
    F.col("join_url").alias("join_link"),
    F.col("meeting.join_url").alias("provider_join_link"),
    F.regexp_extract("cancel_url", r"^https://([^/]+)/", 1).alias("link_host"),
)

confirm_links = raw.select(
    "id",
    F.expr("urls.confirm[0]").alias("confirm_link"),
    F.explode_outer("urls.confirm").alias("confirm_variant"),
)

rebuilt = raw.where(F.col("cancel_url").isNull()).select(
    "id",
    F.concat(F.lit("https://savvycal.com/c/appointments/"), F.col("id"), F.lit("/cancel")).alias("cancel_link"),
)

canonical_share = curated.agg(F.avg((F.col("link_host") == F.lit("book.acme.com")).cast("int")).alias("custom_domain_share"))

curated.write.mode("overwrite").partitionBy("status").parquet(args["CURATED_PATH"] + "/appointments")
confirm_links.write.mode("overwrite").parquet(args["CURATED_PATH"] + "/confirm_links")
rebuilt.write.mode("overwrite").parquet(args["CURATED_PATH"] + "/rebuilt_cancel_links")
canonical_share.show()
