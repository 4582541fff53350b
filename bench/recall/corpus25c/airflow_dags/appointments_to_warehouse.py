from __future__ import annotations

import json
from datetime import datetime, timedelta

from airflow.decorators import dag, task
from airflow.providers.http.hooks.http import HttpHook
from airflow.providers.postgres.hooks.postgres import PostgresHook

DEFAULT_ARGS = {"owner": "data-eng", "retries": 3, "retry_delay": timedelta(minutes=5)}

UPSERT_SQL = """
INSERT INTO raw.appointments (id, status, payload, loaded_at)
VALUES (%(id)s, %(status)s, %(payload)s::jsonb, now())
ON CONFLICT (id) DO UPDATE
   SET status = EXCLUDED.status, payload = EXCLUDED.payload, loaded_at = now()
"""

LINKS_VIEW_SQL = """
CREATE OR REPLACE VIEW analytics.appointment_links AS
SELECT
    id,
    payload->'urls'->'cancel'->>0                  AS cancel_link,
    payload #>> '{urls,reschedule,0}'              AS reschedule_link,
    payload->>'ics_url'                            AS ics_link,
    jsonb_array_length(payload->'urls'->'join')    AS join_link_count,
    payload->'urls'->'add_to_google_calendar'->>0  AS gcal_link
FROM raw.appointments
"""


@dag(
    schedule="@hourly",
    start_date=datetime(2024, 1, 1),
    catchup=False,
    default_args=DEFAULT_ARGS,
    tags=["appointments"],
)
def appointments_to_warehouse():
    @task
    def extract(data_interval_start=None) -> list[dict]:
        hook = HttpHook(method="GET", http_conn_id="appointments_api")
        out, page = [], 1
        while True:
            resp = hook.run("/v1/appointments", data={"updated_after": data_interval_start.isoformat(), "page": page})
            body = resp.json()
            out.extend(body["data"])
            if page >= body["meta"]["total_pages"]:
                return out
            page += 1

    @task
    def slim(appointments: list[dict]) -> list[dict]:
        # XCom is size-limited: keep only what the downstream tasks use
        return [
            {
                "id": a["id"],
                "status": a["status"],
                "urls": a["urls"],
                "reminder_link": a["urls"]["reschedule"][0] if a["urls"]["reschedule"] else None,
                "payload": json.dumps(a),
            }
            for a in appointments
        ]

    @task
    def load(rows: list[dict]) -> int:
        pg = PostgresHook(postgres_conn_id="warehouse")
        with pg.get_conn() as conn, conn.cursor() as cur:
            for r in rows:
                cur.execute(UPSERT_SQL, {"id": r["id"], "status": r["status"], "payload": r["payload"]})
            cur.execute(LINKS_VIEW_SQL)
        return len(rows)

    load(slim(extract()))


appointments_to_warehouse()
