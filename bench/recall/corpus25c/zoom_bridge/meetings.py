import os

import requests

ZOOM_OAUTH = "https://zoom.us/oauth/token"
ZOOM_API = "https://api.zoom.us/v2"


def zoom_token() -> str:
    r = requests.post(
        ZOOM_OAUTH,
        params={"grant_type": "account_credentials", "account_id": os.environ["ZOOM_ACCOUNT"]},
        auth=(os.environ["ZOOM_CLIENT_ID"], os.environ["ZOOM_CLIENT_SECRET"]),
        timeout=10,
    )
    return r.json()["access_token"]


def meeting_details(appt: dict) -> dict:
    m = appt["meeting"]
    if m is None:
        return {}
    out = {"provider": m["conferencing_provider"], "provider_join_url": m.get("join_url")}
    if m["conferencing_provider"].startswith("zoom"):
        meeting_id = m["join_url"].rsplit("/", 1)[-1].split("?")[0]
        r = requests.get(f"{ZOOM_API}/meetings/{meeting_id}", headers={"Authorization": f"Bearer {zoom_token()}"}, timeout=10)
        out["host_start_url"] = r.json().get("start_url")
    return out


def client_join_link(appt: dict) -> str:
    """Clients always get the scheduler's join page (it redirects to the provider)."""
    return appt["urls"]["join"][0]


def is_same_meeting(a: dict, b: dict) -> bool:
    # appointment.meeting.replaced: compare provider links, not the scheduler join page
    return (a.get("meeting") or {}).get("join_url") == (b.get("meeting") or {}).get("join_url")


def join_page_is_current(appt: dict) -> bool:
    return appt["join_url"] in appt["urls"]["join"]


def join_page_host(appt: dict) -> str:
    return appt["join_url"].split("/")[2]
