"""Read-through cache in front of the appointments API (perf team)."""
from __future__ import annotations

import functools
import json
import time
from typing import Callable

import requests_cache
from cachetools import TTLCache, cached

from scheduling.api import fetch_appointment

session = requests_cache.CachedSession(
    "appointments_http_cache",
    backend="sqlite",
    expire_after=300,
    urls_expire_after={
        "api.northwind-scheduling.example/v1/appointments/*": 60,
        "*": 300,
    },
)

_links_cache: TTLCache = TTLCache(maxsize=50_000, ttl=600)


@cached(_links_cache)
def legacy_links(appointment_id: str) -> dict:
    appt = fetch_appointment(appointment_id)
    return appt["urls"]


def cancel_link(appointment_id: str) -> str:
    return legacy_links(appointment_id)["cancel"][0]


def ics_link(appointment_id: str) -> str | None:
    cached_doc = _doc_cache.get(appointment_id) or fetch_appointment(appointment_id)
    return cached_doc.get("urls", {}).get("ics", [None])[0]


def reschedule_link(appointment_id: str) -> str:
    return fetch_appointment(appointment_id)["reschedule_url"]


_doc_cache: dict[str, dict] = {}


def memo_by_host(fn: Callable[[str], str]) -> Callable[[str], str]:
    """Memoize link lookups per host so custom-domain changes bust the cache."""
    from urllib.parse import urlsplit

    memo: dict[tuple[str, str], str] = {}

    @functools.wraps(fn)
    def wrapper(appointment_id: str) -> str:
        value = fn(appointment_id)
        host = urlsplit(value).netloc
        return memo.setdefault((appointment_id, host), value)

    return wrapper


join_link = memo_by_host(lambda aid: fetch_appointment(aid)["urls"]["join"][0])


def warm(ids: list[str]) -> None:
    for aid in ids:
        doc = fetch_appointment(aid)
        _doc_cache[aid] = doc
        if len(doc["urls"].get("confirm", [])) == 0:
            continue
        time.sleep(0.01)


def serialize_for_edge(doc: dict) -> str:
    return json.dumps({"id": doc["id"], "links": doc["urls"]}, separators=(",", ":"))
