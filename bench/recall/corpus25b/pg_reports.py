"""Finance/ops reports straight from the warehouse (psycopg 3, raw SQL).

Table savvycal_raw(appt_id text, received_at timestamptz, doc jsonb)
"""
import csv
import sys

import psycopg

DSN = "postgresql://reports@warehouse.internal:5432/ops"

DAILY_LINKS_SQL = """
SELECT appt_id,
       doc->>'status'                           AS status,
       doc->'urls'->'cancel'->>0                AS cancel_link,
       doc #>> '{urls,reschedule,0}'            AS reschedule_link,
       doc->>'ics_url'                          AS ics_link,
       COALESCE(doc->>'join_url', doc->'urls'->'join'->>0) AS join_link,
       doc->'urls'->'add_to_google_calendar'->>0 AS gcal_link
  FROM savvycal_raw
 WHERE received_at >= %(since)s
"""

LINK_COUNTS_SQL = """
SELECT appt_id, count(*) AS n_cancel
  FROM savvycal_raw, jsonb_array_elements_text(doc->'urls'->'cancel') AS link
 GROUP BY appt_id
HAVING count(*) > 1
"""

HOSTS_SQL = """
SELECT split_part(doc->>'reschedule_url', '/', 3) AS host, count(*)
  FROM savvycal_raw
 GROUP BY 1
 ORDER BY 2 DESC
"""

MISSING_CONFIRM_SQL = """
SELECT appt_id FROM savvycal_raw
 WHERE NOT (doc->'urls' ? 'confirm')
"""

REWRITE_HOST_SQL = """
UPDATE savvycal_raw
   SET doc = jsonb_set(doc, '{cancel_url}',
                       to_jsonb(replace(doc->>'cancel_url', 'https://savvycal.com/', %(custom)s)))
 WHERE appt_id = ANY(%(ids)s)
"""

LEGACY_CONFIRM_SQL = "SELECT doc->'urls'->'confirm'->>0 FROM savvycal_raw WHERE appt_id = %s"


def run(sql: str, params=None, out=sys.stdout) -> None:
    with psycopg.connect(DSN) as conn, conn.cursor() as cur:
        cur.execute(sql, params or {})
        writer = csv.writer(out)
        writer.writerow([c.name for c in cur.description])
        writer.writerows(cur.fetchall())


if __name__ == "__main__":
    report = sys.argv[1]
    if report == "daily":
        run(DAILY_LINKS_SQL, {"since": sys.argv[2]})
    elif report == "counts":
        run(LINK_COUNTS_SQL)
    elif report == "hosts":
        run(HOSTS_SQL)
    elif report == "missing-confirm":
        run(MISSING_CONFIRM_SQL)
