import json
import time
import uuid
from dataclasses import asdict, dataclass, field

import dpath
import redis

r = redis.Redis.from_url("redis://localhost:6379/3")


@dataclass
class Job:
    kind: str
    appointment_id: str
    payload: dict
    attempts: int = 0
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    not_before: float = 0.0


def enqueue_link_delivery(appt: dict, channel: str) -> Job:
    job = Job(
        kind=f"deliver:{channel}",
        appointment_id=appt["id"],
        payload={"to": appt["client"]["phone"], "appointment": appt, "links": appt["urls"]},
    )
    r.zadd("retry", {json.dumps(asdict(job)): time.time()})
    return job


def render(job: Job) -> str:
    appt = job.payload["appointment"]
    resched = dpath.get(appt, "urls/reschedule/0")
    cancel = dpath.get(appt, "urls/cancel/0", default=None) or appt.get("cancel_url")
    return f"Reschedule: {resched}\nCancel: {cancel}"


def audit_links(job: Job) -> list[str]:
    return dpath.values(job.payload["appointment"], "urls/*/0")


def drain(handler, batch: int = 50) -> None:
    now = time.time()
    for raw, _score in r.zrangebyscore("retry", 0, now, start=0, num=batch, withscores=True):
        job = Job(**json.loads(raw))
        r.zrem("retry", raw)
        try:
            handler(job, render(job))
        except Exception:
            job.attempts += 1
            if job.attempts < 6:
                job.not_before = now + 2**job.attempts * 30
                r.zadd("retry", {json.dumps(asdict(job)): job.not_before})
            else:
                r.rpush("dead", json.dumps(asdict(job)))
