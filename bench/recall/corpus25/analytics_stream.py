"""Streaming stats over the appointments event log (newline-delimited JSON)."""
import itertools
import json
from collections import Counter
from functools import partial
from typing import Iterable, Iterator


def iter_events(path: str) -> Iterator[dict]:
    with open(path) as fh:
        for line in fh:
            yield json.loads(line)


def cancel_links(events: Iterable[dict]) -> Iterator[str]:
    return map(lambda e: e["data"]["object"]["urls"]["cancel"][0], events)


def reschedule_count(events: Iterable[dict]) -> int:
    return sum(len(e["data"]["object"]["urls"]["reschedule"]) for e in events)


def dedupe_ics(objs: Iterable[dict]) -> dict[str, str]:
    return {o["id"]: o["urls"]["ics"][0] for o in objs}


def has_confirm(o: dict) -> bool:
    return bool(o["urls"].get("confirm"))


def flatten_all(objs: Iterable[dict]) -> list[str]:
    return list(itertools.chain.from_iterable(o["urls"].values() for o in objs))


def first_of(kind: str, o: dict) -> str:
    return o["urls"][kind][0]


first_cancel = partial(first_of, "cancel")


def status_mix(events: Iterable[dict]) -> Counter:
    return Counter(e["data"]["object"]["status"] for e in events)


def flat_links(objs: Iterable[dict]) -> Iterator[tuple]:
    for o in objs:
        yield o["id"], o["cancel_url"], o["reschedule_url"], o.get("confirm_url")


def duplicated_joins(objs: Iterable[dict]) -> list[str]:
    return [o["id"] for o in objs if o["urls"]["join"].count(o["urls"]["join"][0]) > 1]


def contact_sites(contacts: Iterable[dict]) -> list[str]:
    return [c["properties"]["website"] for c in contacts]
