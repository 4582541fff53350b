import json
from datetime import datetime, timezone

from google.cloud import bigquery

PROJECT = "acme-analytics"
TABLE = f"{PROJECT}.raw_booking.appointments"
client = bigquery.Client(project=PROJECT)

SCHEMA = [
    bigquery.SchemaField("id", "STRING", mode="REQUIRED"),
    bigquery.SchemaField("status", "STRING"),
    bigquery.SchemaField("cancel_link", "STRING"),
    bigquery.SchemaField("reschedule_link", "STRING"),
    bigquery.SchemaField("legacy_urls", "JSON"),
    bigquery.SchemaField("payload", "JSON"),
    bigquery.SchemaField("loaded_at", "TIMESTAMP"),
]


def to_record(a: dict) -> dict:
    return {
        "id": a["id"],
        "status": a["status"],
        "cancel_link": a.get("cancel_url"),
        "reschedule_link": a["urls"]["reschedule"][0],
        "legacy_urls": json.dumps(a["urls"]),
        "payload": json.dumps(a),
        "loaded_at": datetime.now(timezone.utc).isoformat(),
    }


def load(appts: list[dict]) -> None:
    rows = [to_record(a) for a in appts]
    errors = client.insert_rows_json(TABLE, rows)
    if errors:
        raise RuntimeError(errors)


VIEW_SQL = f"""
CREATE OR REPLACE VIEW `{PROJECT}.marts.appointment_links` AS
SELECT
  id,
  COALESCE(cancel_link, JSON_VALUE(payload, '$.urls.cancel[0]')) AS cancel_link,
  JSON_VALUE(legacy_urls, '$.confirm[0]') AS confirm_link,
  JSON_VALUE(payload, '$.urls.add_to_google_calendar[0]') AS gcal_link,
  ARRAY_LENGTH(JSON_QUERY_ARRAY(payload, '$.urls.join')) AS join_links,
  JSON_VALUE(payload, '$.join_url') AS join_link
FROM `{PROJECT}.raw_booking.appointments`
"""


def create_view() -> None:
    client.query(VIEW_SQL).result()


def backfill(since: str):
    q = f"SELECT payload FROM `{TABLE}` WHERE loaded_at >= @since"
    cfg = bigquery.QueryJobConfig(query_parameters=[bigquery.ScalarQueryParameter("since", "TIMESTAMP", since)])
    for row in client.query(q, job_config=cfg):
        p = json.loads(row.payload)
        if not p.get("cancel_url"):
            p["cancel_url"] = p["urls"]["cancel"][0]
        yield p
