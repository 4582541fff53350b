import json
import logging

import redis
import requests
from celery import Celery
from celery.schedules import crontab

log = logging.getLogger(__name__)
app = Celery("appt_jobs", broker="redis://redis:6379/0")
cache = redis.Redis(host="redis", port=6379, db=2)

app.conf.beat_schedule = {
    "refresh-upcoming-links": {"task": "appt_jobs.refresh_links", "schedule": crontab(minute="*/15")},
    "prune-cache": {"task": "appt_jobs.prune", "schedule": crontab(hour=3, minute=0)},
    "backfill-cache-format": {"task": "appt_jobs.backfill_cache_format", "schedule": crontab(hour=4, minute=30)},
}

API = "https://appointments-proxy.acme.internal/v1"


@app.task(bind=True, max_retries=5, default_retry_delay=60)
def refresh_links(self):
    try:
        appts = requests.get(f"{API}/appointments", params={"status": "scheduled"}, timeout=20).json()["data"]
    except requests.RequestException as exc:
        raise self.retry(exc=exc)
    for a in appts:
        payload = dict(a)
        links = {
            "cancel": payload["cancel_url"],
            "reschedule": payload["urls"]["reschedule"][0],
            "join": payload["urls"]["join"][0] if payload["urls"]["join"] else None,
        }
        payload.pop("urls", None)
        cache.set(f"appt:{a['id']}:links", json.dumps(links), ex=3600)
        cache.set(f"appt:{a['id']}", json.dumps(payload), ex=3600)


@app.task
def prune():
    for key in cache.scan_iter("appt:*:links"):
        links = json.loads(cache.get(key) or "{}")
        if not links.get("cancel"):
            cache.delete(key)


@app.task
def backfill_cache_format():
    """Entries cached before the 1.6 rollout still carry the nested object; flatten them."""
    for key in cache.scan_iter("appt:appt_*"):
        if key.endswith(b":links"):
            continue
        payload = json.loads(cache.get(key))
        if "urls" in payload:
            payload.update({f"{k}_url": v[0] for k, v in payload.pop("urls").items() if v})
            cache.set(key, json.dumps(payload), keepttl=True)
