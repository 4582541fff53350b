import os
from urllib.parse import urlsplit, urlunsplit

import httpx
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import RedirectResponse

from .models import Appointment, AppointmentOut, PublicLinks

app = FastAPI(title="booking-bff")
app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://www.acme.com", "https://app.acme.com"],
)
UPSTREAM = os.environ["APPTS_UPSTREAM"]
BRAND_HOST = os.environ.get("BRAND_HOST", "book.acme.com")


async def client():
    headers = {"Authorization": f"Bearer {os.environ['APPTS_TOKEN']}"}
    async with httpx.AsyncClient(base_url=UPSTREAM, headers=headers) as c:
        yield c


def brand(url: str) -> str:
    """DNS cut-over isn't finished for every account; force client links onto the brand host."""
    parts = urlsplit(url)
    if parts.hostname == BRAND_HOST:
        return url
    return urlunsplit(parts._replace(netloc=BRAND_HOST))


@app.get("/appointments/{appointment_id}", response_model=AppointmentOut)
async def get_appointment(appointment_id: str, c: httpx.AsyncClient = Depends(client)):
    r = await c.get(f"/v1/appointments/{appointment_id}")
    if r.status_code == 404:
        raise HTTPException(404)
    data = r.json()["data"]
    appt = Appointment.model_validate(data)
    return AppointmentOut.build(appt, data["start_at"]["utc"])


@app.get("/appointments/{appointment_id}/go/{action}")
async def go(appointment_id: str, action: str, c: httpx.AsyncClient = Depends(client)):
    if action not in {"cancel", "reschedule", "confirm", "join", "ics"}:
        raise HTTPException(400)
    r = await c.get(f"/v1/appointments/{appointment_id}")
    appt = Appointment.model_validate(r.json()["data"])
    target = appt.link(action)
    if target is None:
        raise HTTPException(404, "no link")
    return RedirectResponse(brand(target), status_code=302)


@app.post("/public/bookings")
async def create_booking(request: Request, c: httpx.AsyncClient = Depends(client)):
    r = await c.post("/v1/public/appointments", json=await request.json())
    r.raise_for_status()
    pa = r.json()["data"]
    return {"id": pa["id"], "links": PublicLinks.from_public_appointment(pa)}


@app.get("/public/bookings/{appointment_id}/legacy-links")
async def legacy_links(appointment_id: str, c: httpx.AsyncClient = Depends(client)):
    """Kept for the v1 widget, which still reads the nested lists."""
    r = await c.get(f"/v1/public/appointments/{appointment_id}")
    return r.json()["data"]["urls"]
