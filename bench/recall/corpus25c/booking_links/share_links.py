"""Campaign tooling for booking links (newsletter, QR posters)."""
import os
from urllib.parse import urlencode, urljoin

import requests
from yarl import URL

API = os.environ.get("APPTS_API", "")
ACCOUNT_SLUG = os.environ.get("ACCOUNT_SLUG", "acme")
LEGACY_BASE = URL(f"https://{ACCOUNT_SLUG}.savvycal.com")
POSTER_BASE = os.environ.get("BOOKING_BASE", "https://book.acme.com")


def list_links(status: str = "active") -> list[dict]:
    page, out = 1, []
    while True:
        body = requests.get(f"{API}/v1/booking_links", params={"status": status, "page": page}, timeout=15).json()
        out += body["data"]
        if page >= body["meta"]["total_pages"]:
            return out
        page += 1


def share_url(link: dict, campaign: str) -> str:
    qs = urlencode({"utm_source": "newsletter", "utm_campaign": campaign})
    return f"{link['url']}?{qs}"


def fallback_share_url(link_id: str) -> str:
    # for ids pasted from the admin UI while the API is down
    return str(LEGACY_BASE / "c" / "book" / link_id)


def qr_target(link: dict) -> str:
    return urljoin(POSTER_BASE, f"/c/book/{link['id']}")


def campaign_sheet(links: list[dict]) -> list[dict]:
    return [
        {"name": l["name"] or l["id"], "url": l["url"], "remaining": l["uses_remaining"]}
        for l in links
        if l["status"] == "active"
    ]


def is_custom_domain(link: dict) -> bool:
    return URL(link["url"]).host == URL(POSTER_BASE).host
