#!/usr/bin/env python3
"""Dump appointment self-service links to CSV.

Usage: export_links_cli.py appointments.json > links.csv
"""
import argparse
import csv
import json
import sys
from operator import itemgetter

first = itemgetter(0)
urls_of = itemgetter("urls")


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("dump", help="JSON file saved from GET /v1/appointments")
    ap.add_argument("--sort", choices=["id", "reschedule"], default="id")
    return ap.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    with open(args.dump) as fh:
        appointments = json.load(fh)["data"]

    if args.sort == "reschedule":
        appointments = sorted(appointments, key=lambda x: x["urls"]["reschedule"][0])

    w = csv.writer(sys.stdout)
    w.writerow(["id", "cancel", "reschedule", "ics", "confirm", "join"])
    for a in appointments:
        w.writerow(
            [
                a["id"],
                first(a["urls"]["cancel"]),
                urls_of(a)["reschedule"][0],
                a["ics_url"],
                a.get("confirm_url", ""),
                first(urls_of(a)["join"]),
            ]
        )

    multi = [a["id"] for a in appointments if len(a["urls"]["join"]) > 1]
    if multi:
        print(f"warning: {len(multi)} appointments have several join links", file=sys.stderr)
    sliced = [a["urls"]["cancel"][:1] for a in appointments]
    print(f"{sum(map(len, sliced))} cancel links exported", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
