"""Airflow DAG: copy appointment links into the warehouse every hour."""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.python import PythonOperator
from airflow.providers.postgres.hooks.postgres import PostgresHook

EXTRACT_SQL = """
SELECT id,
       payload->'urls'->'reschedule'->>0 AS reschedule_link,
       payload #>> '{urls,join,0}' AS join_link,
       payload->'urls'->'confirm'->>1 AS confirm_alt,
       payload->>'cancel_url' AS cancel_link
  FROM savvycal_appointments
 WHERE updated_at > %(since)s
"""


def extract(**context):
    hook = PostgresHook(postgres_conn_id="app_db")
    rows = hook.get_records(EXTRACT_SQL, parameters={"since": context["data_interval_start"]})
    context["ti"].xcom_push(key="rows", value=rows)


def extract_api(**context):
    from clinic.client import list_appointments

    items = list_appointments(updated_since=context["data_interval_start"])
    context["ti"].xcom_push(key="items", value=[{"id": it["id"], "ics": it["urls"]["ics"][0]} for it in items])


def load(**context):
    rows = context["ti"].xcom_pull(key="rows", task_ids="extract")
    hook = PostgresHook(postgres_conn_id="warehouse")
    hook.insert_rows("dim_appointment_links", rows, target_fields=["id", "reschedule", "join", "confirm_alt", "cancel"])


def audit_hosts(**context):
    hook = PostgresHook(postgres_conn_id="warehouse")
    return hook.get_first("SELECT count(*) FROM dim_appointment_links WHERE split_part(cancel, '/', 3) = 'savvycal.com'")


with DAG(
    dag_id="appointment_links_hourly",
    start_date=datetime(2025, 3, 1),
    schedule=timedelta(hours=1),
    catchup=False,
) as dag:
    t_extract = PythonOperator(task_id="extract", python_callable=extract)
    t_api = PythonOperator(task_id="extract_api", python_callable=extract_api)
    t_load = PythonOperator(task_id="load", python_callable=load)
    t_audit = PythonOperator(task_id="audit_hosts", python_callable=audit_hosts)
    [t_extract, t_api] >> t_load >> t_audit
