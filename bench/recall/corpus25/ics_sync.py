"""Pull ICS files for upcoming appointments into the shared calendar bucket."""
import asyncio
import logging

import aiohttp

from clinic.storage import put_object

log = logging.getLogger(__name__)


def _ics_href(record: dict) -> str:
    lists = record["urls"]
    ics_list = lists["ics"]
    return ics_list[0]


def _ics_href_v16(record: dict) -> str:
    return record["ics_url"]


async def fetch_ics(session: aiohttp.ClientSession, appointment: dict) -> None:
    href = _ics_href(appointment)
    async with session.get(href) as resp:
        resp.raise_for_status()
        body = await resp.read()
    await put_object(f"ics/{appointment['id']}.ics", body)


async def sync_all(appointments: list[dict]) -> None:
    async with aiohttp.ClientSession() as s:
        await asyncio.gather(*(fetch_ics(s, a) for a in appointments))


def mirrors(appointment: dict) -> list[str]:
    return appointment["urls"]["ics"][1:]


def webcal(appointment: dict) -> str:
    return appointment["ics_url"].replace("https://", "webcal://", 1)


def log_calendar(visit: dict) -> None:
    log.info("calendar link for %s: %s", visit["id"], visit["urls"]["add_to_calendar"][0])


if __name__ == "__main__":
    import json
    import sys

    with open(sys.argv[1]) as fh:
        asyncio.run(sync_all(json.load(fh)["data"]))
