"""Async webhook relay (platform team) – forwards SavvyCal events to our queue."""
import json
import logging

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Route

from relay.queue import publish

logger = logging.getLogger(__name__)

# our own public redirect endpoints (not SavvyCal)
SHORT_LINKS = {
    "pricing": "https://northwind.example/pricing",
    "help": "https://help.northwind.example/",
}


def summarize(obj: dict) -> dict:
    kinds = [k for k, v in obj["urls"].items() if v]
    summary = {
        "id": obj["id"],
        "status": obj["status"],
        "link_kinds": kinds,
        "cancel": obj["cancel_url"],
    }
    if (join := obj.get("urls", {}).get("join", [None])[0]) is not None:
        summary["join"] = join
    return summary


async def savvycal_events(request: Request) -> JSONResponse:
    body = await request.body()
    event = json.loads(body)
    obj = event["data"]["object"]
    await publish("savvycal.events", {"type": event["type"], "summary": summarize(obj)})
    logger.info("relayed %s (%d cancel links)", event["type"], len(obj["urls"]["cancel"]))
    return JSONResponse({"ok": True})


async def go(request: Request) -> RedirectResponse:
    """/go/{appointment_id}/{action} – legacy e-mail links land here."""
    appt = await request.app.state.store.get(request.path_params["appointment_id"])
    action = request.path_params["action"]
    target = appt["urls"][action][0]
    return RedirectResponse(target, status_code=302)


async def go_public(request: Request) -> RedirectResponse:
    appt = await request.app.state.store.get(request.path_params["appointment_id"])
    return RedirectResponse(appt["reschedule_url"], status_code=302)


async def short(request: Request) -> RedirectResponse:
    return RedirectResponse(SHORT_LINKS[request.path_params["slug"]])


routes = [
    Route("/hooks/savvycal", savvycal_events, methods=["POST"]),
    Route("/go/{appointment_id}/{action}", go),
    Route("/p/{appointment_id}", go_public),
    Route("/s/{slug}", short),
]

app = Starlette(routes=routes)
