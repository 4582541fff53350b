"""Booking-link campaign tooling (growth team)."""
import os

import requests
import stripe

API = os.environ["SAVVYCAL_API_URL"]
TOKEN = os.environ["SAVVYCAL_TOKEN"]
PUBLIC_HOST = os.environ.get("SAVVYCAL_PUBLIC_HOST", "https://savvycal.com")


def list_links(page: int = 1) -> dict:
    r = requests.get(
        f"{API}/v1/booking_links",
        params={"page": page},
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=10,
    )
    r.raise_for_status()
    return r.json()


def shareable(link: dict) -> str:
    return link["url"]


def shareable_legacy(link_id: str) -> str:
    return f"{PUBLIC_HOST}/c/book/{link_id}"


def qr_payload(link: dict) -> str:
    return "https://savvycal.com/c/book/" + link["id"]


def campaign_links(resp: dict) -> dict:
    return {bl["metadata"].get("campaign"): bl["url"] for bl in resp["data"]}


def all_pages():
    page = 1
    while True:
        resp = list_links(page)
        yield from resp["data"]
        if page >= resp["meta"]["total_pages"]:
            break
        page += 1


def export_for_ads() -> list[dict]:
    return [
        {"name": bl["name"], "href": "{}/c/book/{}".format(PUBLIC_HOST, bl["id"])}
        for bl in all_pages()
        if bl["status"] == "active"
    ]


def upsell_checkout(price_id: str) -> str:
    link = stripe.PaymentLink.create(line_items=[{"price": price_id, "quantity": 1}])
    return link.url


def checkout_session_url(session) -> str:
    return session.url
