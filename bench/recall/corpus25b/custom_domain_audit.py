"""Audit: are all client-facing appointment links on our custom domain yet?

security/brand team. Run after DNS changes:  python custom_domain_audit.py appts.jsonl
"""
import json
import sys
from collections import Counter

import tldextract
from furl import furl
from yarl import URL

EXPECTED_DOMAIN = "book.northwind-clinic.com"
FLAT_FIELDS = ("cancel_url", "reschedule_url", "confirm_url", "ics_url", "join_url", "add_to_calendar_url")


def registered_domain(url: str) -> str:
    return tldextract.extract(url).registered_domain


def audit(appt: dict) -> list[str]:
    problems = []
    for field in FLAT_FIELDS:
        value = appt.get(field)
        if not value:
            continue
        if URL(value).host != EXPECTED_DOMAIN:
            problems.append(f"{field} on {URL(value).host}")
    legacy_cancel = appt["urls"]["cancel"][0]
    if registered_domain(legacy_cancel) == "savvycal.com":
        problems.append("legacy cancel link still on savvycal.com")
    return problems


def force_custom_domain(appt: dict) -> dict:
    fixed = dict(appt)
    for field in FLAT_FIELDS:
        if field in fixed:
            f = furl(fixed[field])
            f.host = EXPECTED_DOMAIN
            fixed[field] = f.url
    fixed["reschedule_url"] = str(URL(appt["reschedule_url"]).with_host(EXPECTED_DOMAIN))
    return fixed


def main(path: str) -> int:
    hosts = Counter()
    bad = 0
    with open(path) as fh:
        for line in fh:
            appt = json.loads(line)
            hosts[URL(appt["ics_url"]).host] += 1
            if audit(appt):
                bad += 1
    for host, n in hosts.most_common():
        print(f"{n:6d}  {host}")
    print(f"{bad} appointments with off-domain links", file=sys.stderr)
    print("docs: https://docs.northwind.example/runbooks/custom-domain")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
