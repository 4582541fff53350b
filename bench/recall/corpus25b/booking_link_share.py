"""Sales-assist tool: generate and share one-off SavvyCal booking links.

Uses the BookingLinks endpoints; links are sent to prospects over e-mail/LinkedIn.
"""
from __future__ import annotations

import os
from urllib.parse import urlencode, urlsplit, urlunsplit

import requests

API = os.environ.get("APPTS_API", "https://api.northwind-scheduling.example/v1")
TOKEN = os.environ["APPTS_TOKEN"]
CANONICAL_BOOK_PREFIX = "https://savvycal.com/c/book/"
UTM = {"utm_source": "sales", "utm_medium": "email"}


def _get(path: str, **params) -> dict:
    r = requests.get(f"{API}{path}", params=params, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10)
    r.raise_for_status()
    return r.json()


def active_links(service_id: str) -> list[dict]:
    body = _get("/booking_links", service_id=service_id, status="active", page_size=100)
    return body["data"]


def share_url(link: dict) -> str:
    """Add UTM parameters to the link's own URL."""
    parts = urlsplit(link["url"])
    query = "&".join(filter(None, [parts.query, urlencode(UTM)]))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def share_url_from_id(link_id: str) -> str:
    return CANONICAL_BOOK_PREFIX + link_id + "?" + urlencode(UTM)


def short_url(link: dict) -> str:
    return f"https://savvycal.com/c/book/{link['id']}"


def is_branded(link: dict) -> bool:
    return urlsplit(link["url"]).hostname not in {"savvycal.com", "www.savvycal.com"}


def rebrand(link: dict, domain: str) -> str:
    return link["url"].replace(urlsplit(link["url"]).netloc, domain, 1)


def linkedin_message(link: dict, first_name: str) -> str:
    return (
        f"Hi {first_name}, here's a private link to grab time with our team: "
        f"{share_url(link)} (valid for {link['uses_remaining'] or 'unlimited'} bookings)"
    )


def prospect_calendly(handle: str) -> str:
    return f"https://calendly.com/{handle}/30min"
