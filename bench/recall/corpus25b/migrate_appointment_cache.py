#!/usr/bin/env python3
"""One-off migration: rewrite cached SavvyCal payloads in Redis to the 1.6 shape.

    python migrate_appointment_cache.py --redis redis://cache.internal:6379/3 [--apply]
"""
import argparse
import json
import sys

import redis

KEY_PATTERN = "savvycal:appt:*"


def migrate(doc: dict) -> tuple[dict, bool]:
    legacy = doc.get("urls")
    if legacy is None:
        return doc, False
    flat = {f"{k}_url": v[0] for k, v in legacy.items() if v and k != "add_to_google_calendar"}
    changed = False
    for key, value in flat.items():
        if doc.get(key) != value:
            doc.setdefault(key, value)
            changed = True
    doc["gcal_url"] = legacy["add_to_google_calendar"][0] if legacy.get("add_to_google_calendar") else None
    doc.pop("urls")
    return doc, changed


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--redis", default="redis://localhost:6379/0")
    ap.add_argument("--apply", action="store_true")
    args = ap.parse_args(argv)

    r = redis.Redis.from_url(args.redis, decode_responses=True)
    seen = migrated = 0
    for key in r.scan_iter(KEY_PATTERN, count=1000):
        seen += 1
        doc = json.loads(r.get(key))
        new_doc, changed = migrate(doc)
        if changed:
            migrated += 1
            if args.apply:
                r.set(key, json.dumps(new_doc), keepttl=True)
    print(f"seen={seen} migrated={migrated} apply={args.apply}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
