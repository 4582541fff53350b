"""Self-service "manage my booking" endpoints backed by the public appointments API."""
from __future__ import annotations

import os
from typing import Optional

import httpx
from fastapi import FastAPI, HTTPException
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, HttpUrl

API_BASE = os.environ["SAVVYCAL_API_BASE"]


class PublicAppointmentUrls(BaseModel):
    add_to_calendar: list[str] = []
    add_to_google_calendar: list[str] = []
    cancel: list[str] = []
    ics: list[str] = []
    reschedule: list[str] = []


class PublicAppointment(BaseModel):
    id: str
    object: str = "public_appointment"
    status: str
    cancel_url: Optional[HttpUrl] = None
    reschedule_url: Optional[HttpUrl] = None
    ics_url: Optional[HttpUrl] = None
    add_to_calendar_url: Optional[HttpUrl] = None
    urls: Optional[PublicAppointmentUrls] = None


class ManageLinks(BaseModel):
    cancel: str
    reschedule: str
    calendar: str
    google: Optional[str] = None


api = FastAPI(title="manage-booking")


async def _fetch(appointment_id: str) -> PublicAppointment:
    async with httpx.AsyncClient(base_url=API_BASE, timeout=10) as client:
        resp = await client.get(f"/v1/public/appointments/{appointment_id}")
    if resp.status_code == 404:
        raise HTTPException(404, "unknown appointment")
    resp.raise_for_status()
    return PublicAppointment.model_validate(resp.json()["data"])


@api.get("/manage/{appointment_id}", response_model=ManageLinks)
async def manage(appointment_id: str) -> ManageLinks:
    pa = await _fetch(appointment_id)
    return ManageLinks(
        cancel=pa.urls.cancel[0],
        reschedule=str(pa.reschedule_url) if pa.reschedule_url else pa.urls.reschedule[0],
        calendar=getattr(pa.urls, "add_to_calendar")[0],
        google=pa.urls.add_to_google_calendar[0],
    )


@api.get("/manage/{appointment_id}/ics")
async def ics(appointment_id: str) -> RedirectResponse:
    pa = await _fetch(appointment_id)
    return RedirectResponse(str(pa.ics_url))


@api.get("/manage/{appointment_id}/calendar")
async def add_to_calendar(appointment_id: str) -> RedirectResponse:
    pa = await _fetch(appointment_id)
    target = pa.model_dump(mode="json")["urls"]["add_to_calendar"][0]
    return RedirectResponse(target)
