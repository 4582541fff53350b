"""Attribute link clicks (from the CDN access log) to appointments and actions."""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable
from urllib.parse import urlsplit

import pandas as pd

PATH_RE = re.compile(r"^/c/appointments/(?P<appt>appt_\w{12})/(?P<action>[a-z_]+)$")
LOG_LINE = re.compile(r'^(?P<ip>\S+) \S+ \S+ \[(?P<ts>[^\]]+)\] "GET (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d{3})')


def parse_log(lines: Iterable[str]) -> pd.DataFrame:
    rows = []
    for line in lines:
        if (m := LOG_LINE.match(line)) and (p := PATH_RE.match(m["path"])):
            rows.append({"ts": m["ts"], "appointment_id": p["appt"], "action": p["action"], "status": int(m["status"])})
    return pd.DataFrame(rows)


def link_index(appts: list[dict]) -> dict[str, tuple[str, str]]:
    """path -> (appointment id, action), from the payloads we sent out."""
    idx = {}
    for a in appts:
        for action in ("cancel", "reschedule", "confirm", "join", "ics", "add_to_calendar"):
            url = a.get(f"{action}_url")
            if url:
                idx[urlsplit(url).path] = (a["id"], action)
    return idx


def legacy_link_index(appts: list[dict]) -> dict[str, tuple[str, str]]:
    idx = {}
    for a in appts:
        idx.update({urlsplit(v).path: (a["id"], action) for action, vs in a["urls"].items() for v in vs})
    return idx


def clicks_by_host(appts: list[dict]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for a in appts:
        counts[urlsplit(a["reschedule_url"]).netloc] += 1
    return dict(counts)


def summarize(df: pd.DataFrame) -> pd.DataFrame:
    return df.groupby(["action", "status"]).size().unstack(fill_value=0)
