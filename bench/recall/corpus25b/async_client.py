"""Thin async client for the appointments API, used by the booking-assistant service."""
from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import AsyncIterator

import httpx

DEFAULT_PUBLIC_HOST = "https://savvycal.com"


@dataclass
class LinkSet:
    cancel: str
    reschedule: str
    ics: str


class AppointmentsClient:
    def __init__(self, token: str, base_url: str, public_host: str = DEFAULT_PUBLIC_HOST):
        self._http = httpx.AsyncClient(
            base_url=base_url,
            headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
            timeout=httpx.Timeout(10.0, connect=3.0),
        )
        self.public_host = public_host.rstrip("/")

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        await self._http.aclose()

    async def get(self, appointment_id: str) -> dict:
        resp = await self._http.get(f"/v1/appointments/{appointment_id}")
        resp.raise_for_status()
        return resp.json()["data"]

    async def iter_appointments(self, **params) -> AsyncIterator[dict]:
        page = 1
        while True:
            resp = await self._http.get("/v1/appointments", params={**params, "page": page})
            resp.raise_for_status()
            body = resp.json()
            for item in body["data"]:
                yield item
            if page >= body["meta"]["total_pages"]:
                break
            page += 1

    async def links(self, appointment_id: str) -> LinkSet:
        appt = await self.get(appointment_id)
        return LinkSet(
            cancel=appt["urls"]["cancel"][0],
            reschedule=appt["reschedule_url"],
            ics=appt.get("urls", {}).get("ics", [""])[0],
        )

    def predicted_cancel_link(self, appointment_id: str) -> str:
        # avoids a round trip when we only have the id from the webhook
        return f"{self.public_host}/c/appointments/{appointment_id}/cancel"

    def predicted_join_link(self, appointment_id: str) -> str:
        return "{}/c/appointments/{}/join".format(self.public_host, appointment_id)

    def booking_link_url(self, link_id: str) -> str:
        return str(httpx.URL(self.public_host).join(f"/c/book/{link_id}"))

    async def same_host(self, appointment_id: str) -> bool:
        appt = await self.get(appointment_id)
        return httpx.URL(appt["cancel_url"]).host == httpx.URL(appt["reschedule_url"]).host

    async def ping(self) -> bool:
        resp = await self._http.get("/v1/me")
        return resp.url.host is not None and resp.status_code == 200


async def main():
    async with AppointmentsClient("tok", "https://api.northwind-scheduling.example") as api:
        async for appt in api.iter_appointments(status="scheduled"):
            print(appt["id"], appt["urls"]["reschedule"][0])


if __name__ == "__main__":
    asyncio.run(main())
