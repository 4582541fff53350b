"""Nightly reports straight off the appointments mirror table (psycopg 3)."""
import os

import psycopg

DSN = os.environ["REPORTS_DSN"]

CANCEL_LINKS_SQL = """
    SELECT id,
           payload->'urls'->'cancel'->>0 AS cancel_link,
           payload->>'reschedule_url' AS reschedule_link
      FROM savvycal_appointments
     WHERE payload->>'status' = 'scheduled'
"""

ICS_SQL = "SELECT payload #>> '{urls,ics,0}' FROM savvycal_appointments WHERE id = %s"
MULTI_JOIN_SQL = "SELECT id FROM savvycal_appointments WHERE jsonb_array_length(payload->'urls'->'join') > 1"
EXPLODE_SQL = "SELECT id, jsonb_array_elements_text(payload->'urls'->'reschedule') AS link FROM savvycal_appointments"
GOOGLE_SQL = "SELECT id, payload->'urls'->'add_to_google_calendar'->>0 FROM savvycal_appointments"
DEFAULT_HOST_SQL = "SELECT count(*) FROM savvycal_appointments WHERE payload->>'join_url' NOT LIKE '%app.savvycal.com%'"
CALENDLY_SQL = "SELECT count(*) FROM calendly_invitees WHERE cancel_url LIKE '%calendly.com%'"

BACKFILL_SQL = """
    UPDATE savvycal_appointments
       SET cancel_url = COALESCE(payload->>'cancel_url', payload->'urls'->'cancel'->>0)
     WHERE cancel_url IS NULL
"""

PATCH_SQL = "UPDATE savvycal_appointments SET payload = jsonb_set(payload, '{urls,cancel,0}', to_jsonb(%s::text)) WHERE id = %s"

LEGACY_LINK_SQL = "SELECT 'https://app.savvycal.com/c/appointments/' || id || '/cancel' AS link FROM savvycal_appointments"


def run(sql, *params):
    with psycopg.connect(DSN) as conn, conn.cursor() as cur:
        cur.execute(sql, params or None)
        return cur.fetchall()


def nightly():
    return {
        "cancel": run(CANCEL_LINKS_SQL),
        "multi_join": run(MULTI_JOIN_SQL),
        "exploded": run(EXPLODE_SQL),
        "google": run(GOOGLE_SQL),
        "default_host": run(DEFAULT_HOST_SQL),
        "calendly": run(CALENDLY_SQL),
        "legacy": run(LEGACY_LINK_SQL),
    }


def ics_for(appointment_id):
    (row,) = run(ICS_SQL, appointment_id)
    return row[0]


def flat_ics_for(appointment_id):
    (row,) = run("SELECT payload->>'ics_url' FROM savvycal_appointments WHERE id = %s", appointment_id)
    return row[0]
