"""One-off maintenance helpers for the stored-payload table."""
import copy
import json

from clinic.settings import SAVVYCAL_BASE


def strip_duplicates(obj: dict) -> dict:
    for key in obj["urls"]:
        obj["urls"][key] = list(dict.fromkeys(obj["urls"][key]))
    return obj


def inject_test_links(obj: dict) -> dict:
    obj["urls"]["cancel"].append(f"{SAVVYCAL_BASE}/c/appointments/{obj['id']}/cancel")
    del obj["urls"]["join"]
    obj["urls"]["ics"][0] = obj["ics_url"]
    return obj


def snapshot_urls(obj: dict) -> str:
    return json.dumps(obj["urls"], sort_keys=True)


def same_links(a: dict, b: dict) -> bool:
    return a["urls"] == b["urls"]


def legacy_copy(obj: dict) -> dict:
    return copy.deepcopy(obj["urls"])


def trim_to_first(obj: dict) -> dict:
    obj["urls"] = {k: v[:1] for k, v in obj.get("urls", {}).items()}
    return obj


def has_cancel_link(obj: dict, link: str) -> bool:
    return link in obj["urls"]["cancel"]


def flat_snapshot(obj: dict) -> str:
    keep = ("id", "status", "cancel_url", "reschedule_url", "ics_url", "confirm_url", "join_url")
    return json.dumps({k: obj.get(k) for k in keep}, sort_keys=True)
