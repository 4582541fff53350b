"""White-label: serve every client link from the partner's own domain."""
import httpx
import tldextract
import yarl
from furl import furl
from hyperlink import URL as HURL

PARTNER_DOMAINS = {
    "acct_123": "book.acme.com",
    "acct_456": "schedule.globex.io",
}
FLAT_KEYS = ("cancel_url", "reschedule_url", "confirm_url", "join_url", "ics_url", "add_to_calendar_url")


def with_partner_host(url: str, account_id: str) -> str:
    f = furl(url)
    f.host = PARTNER_DOMAINS.get(account_id, f.host)
    return f.url


def rewrite_links(appt: dict, account_id: str) -> dict:
    out = dict(appt)
    for key in FLAT_KEYS:
        out[key] = str(yarl.URL(appt[key]).with_host(PARTNER_DOMAINS[account_id]))
    return out


def is_canonical(url: str) -> bool:
    return tldextract.extract(url).registered_domain == "savvycal.com"


def same_host(appt: dict) -> bool:
    return httpx.URL(appt["cancel_url"]).host == httpx.URL(appt["ics_url"]).host


def booking_link_for_partner(link: dict, account_id: str) -> str:
    return HURL.from_text(link["url"]).replace(host=PARTNER_DOMAINS[account_id]).to_text()


def legacy_rewrite(appt: dict, account_id: str) -> dict:
    # pre-1.6 payloads: rewrite every variant in place
    host = PARTNER_DOMAINS[account_id]
    for kind, variants in appt["urls"].items():
        appt["urls"][kind] = [str(yarl.URL(v).with_host(host)) for v in variants]
    return appt
