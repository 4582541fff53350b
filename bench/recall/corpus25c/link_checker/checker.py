import asyncio
import itertools
from dataclasses import dataclass, field

import aiohttp


@dataclass
class LinkChecker:
    """Collects URLs and HEADs them concurrently; run nightly against live bookings."""

    urls: list[str] = field(default_factory=list)
    concurrency: int = 20
    broken: dict[str, int] = field(default_factory=dict)

    def add(self, url: str) -> None:
        if url not in self.urls:
            self.urls.append(url)

    def add_appointment(self, appt: dict) -> None:
        for url in itertools.chain.from_iterable(appt["urls"].values()):
            self.add(url)
        self.add(appt["cancel_url"])
        if appt.get("meeting"):
            self.add(appt["meeting"]["join_url"])

    def add_primary_links(self, appt: dict) -> None:
        for kind in ("cancel", "reschedule", "confirm"):
            self.add(appt["urls"][kind][0])

    def add_booking_link(self, link: dict) -> None:
        self.add(link["url"])

    async def run(self) -> dict[str, int]:
        sem = asyncio.Semaphore(self.concurrency)
        timeout = aiohttp.ClientTimeout(total=10)
        async with aiohttp.ClientSession(timeout=timeout) as session:

            async def probe(u: str) -> None:
                async with sem:
                    try:
                        async with session.head(u, allow_redirects=True) as resp:
                            if resp.status >= 400:
                                self.broken[u] = resp.status
                    except aiohttp.ClientError:
                        self.broken[u] = -1

            await asyncio.gather(*(probe(u) for u in self.urls))
        return self.broken


def check(appointments: list[dict], booking_links: list[dict]) -> dict[str, int]:
    lc = LinkChecker()
    for a in appointments:
        lc.add_appointment(a)
    for bl in booking_links:
        lc.add_booking_link(bl)
    return asyncio.run(lc.run())
