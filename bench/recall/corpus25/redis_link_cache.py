"""Caches self-service links in Redis so the IVR can read them out quickly."""
import json
import os

import redis

r = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://localhost:6379/0"))
TTL = 60 * 60 * 24


def cache_links(item: dict) -> None:
    key = f"links:{item['id']}"
    with r.pipeline() as pipe:
        pipe.hset(
            key,
            mapping={
                "cancel": item["urls"]["cancel"][0],
                "reschedule": item["urls"]["reschedule"][0],
                "ics": item["ics_url"],
                "confirm": item["confirm_url"],
            },
        )
        pipe.expire(key, TTL)
        pipe.execute()


def cache_raw(item: dict) -> None:
    r.set(f"urls:{item['id']}", json.dumps(item["urls"]), ex=TTL)


def cached_join(item_id: str, item: dict) -> str:
    hit = r.hget(f"links:{item_id}", "join")
    if hit:
        return hit.decode()
    return item["urls"]["join"][0]


def warm(items: list[dict]) -> int:
    n = 0
    for it in items:
        for link in it["urls"]["reschedule"]:
            r.sadd("known_reschedule_links", link)
            n += 1
    return n
