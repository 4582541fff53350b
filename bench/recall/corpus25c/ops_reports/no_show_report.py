"""Unconfirmed / no-show report for the front-desk team. Pipe the API dump in."""
import csv
import functools
import itertools
import json
import operator
import sys
from collections import Counter
from urllib.parse import urlsplit

get = functools.partial(functools.reduce, operator.getitem)


def rows(appts):
    for a in appts:
        if (link := get(["urls", "confirm", 0], a)) is None:
            continue
        yield a["id"], a["status"], link


def by_host(appts):
    return Counter(urlsplit(a["confirm_url"]).hostname for a in appts)


def no_shows(appts):
    unconfirmed = filter(lambda a: a["status"] == "scheduled" and not a["confirmation_events"], appts)
    return [(a["id"], a["urls"]["confirm"][0]) for a in unconfirmed]


def audit_pairs(appts):
    # (appointment, every confirm variant) for the audit CSV
    return list(itertools.chain.from_iterable(zip(itertools.repeat(a["id"]), a["urls"]["confirm"]) for a in appts))


def cancel_firsts(appts):
    return list(map(operator.itemgetter(0), (a["urls"]["cancel"] for a in appts)))


def main(path: str) -> None:
    with open(path) as fh:
        appts = json.load(fh)["data"]
    w = csv.writer(sys.stdout)
    w.writerows(rows(appts))
    w.writerows(no_shows(appts))
    w.writerows(audit_pairs(appts))
    print(dict(by_host(appts)), cancel_firsts(appts)[:3], file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
