import os
from functools import lru_cache

import requests

BITLY = "https://api-ssl.bitly.com/v4/shorten"
TOKEN = os.environ.get("BITLY_TOKEN", "")
BRANDED_DOMAIN = "go.acme.link"


@lru_cache(maxsize=4096)
def shorten(long_url: str) -> str:
    r = requests.post(
        BITLY,
        json={"long_url": long_url, "domain": BRANDED_DOMAIN},
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=5,
    )
    r.raise_for_status()
    return r.json()["link"]


def normalize(long_url: str) -> str:
    # Bitly dedupes on the exact string; collapse the vanity host so repeat links hit one short code
    return long_url.replace("https://book.acme.com/", "https://savvycal.com/", 1)


def sms_links(appt: dict) -> dict[str, str]:
    """Short links for the SMS reminder (160 chars is tight)."""
    wanted = {
        "reschedule": appt["urls"]["reschedule"][0],
        "cancel": appt["urls"]["cancel"][0],
        "calendar": appt["ics_url"],
    }
    return {k: shorten(normalize(v)) for k, v in wanted.items()}


def expand(short: str) -> str:
    r = requests.head(short, allow_redirects=False, timeout=5)
    return r.headers["Location"]


def is_ours(short: str) -> bool:
    return short.startswith(f"https://{BRANDED_DOMAIN}/")
