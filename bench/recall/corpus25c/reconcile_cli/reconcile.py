"""Reconcile the CRM's stored booking links against the live API.

    python -m reconcile_cli.reconcile crm_export.json --fix
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from pathlib import Path
from types import SimpleNamespace

import httpx
import typer

app = typer.Typer(add_completion=False)
API = "https://appointments.internal.acme.com/v1"


def _ns(raw: bytes) -> SimpleNamespace:
    return json.loads(raw, object_hook=lambda d: SimpleNamespace(**d))


@dataclass
class CrmRecord:
    appointment_id: str
    cancel: str | None
    reschedule: str | None
    notes: list[str] = field(default_factory=list)


@dataclass
class LiveAppointment:
    ns: SimpleNamespace

    @cached_property
    def cancel(self) -> str:
        return self.ns.urls.cancel[0]

    @cached_property
    def reschedule(self) -> str:
        return getattr(self.ns, "reschedule_url", None) or self.ns.urls.reschedule[0]

    @property
    def google(self) -> str | None:
        return next(iter(self.ns.urls.add_to_google_calendar), None)

    def every_link(self) -> dict[str, list[str]]:
        return dict(vars(self.ns.urls))


ids_of = attrgetter("appointment_id")


def fetch(client: httpx.Client, appointment_id: str) -> LiveAppointment:
    r = client.get(f"{API}/appointments/{appointment_id}")
    r.raise_for_status()
    return LiveAppointment(_ns(r.content).data)


def diff(crm: CrmRecord, live: LiveAppointment) -> list[str]:
    out = []
    if crm.cancel != live.cancel:
        out.append(f"cancel: crm={crm.cancel} live={live.cancel}")
    if crm.reschedule != live.reschedule:
        out.append(f"reschedule: crm={crm.reschedule} live={live.reschedule}")
    if len(live.ns.urls.cancel) > 1:
        out.append("live has several cancel links")
    return out


@app.command()
def main(export: Path, fix: bool = False) -> None:
    records = sorted((CrmRecord(**r) for r in json.loads(export.read_text())), key=ids_of)
    with httpx.Client(timeout=10) as client:
        for rec in records:
            live = fetch(client, rec.appointment_id)
            problems = diff(rec, live)
            if not problems:
                continue
            typer.echo(f"{rec.appointment_id}: " + "; ".join(problems))
            if fix:
                typer.echo(json.dumps({"id": rec.appointment_id, "cancel": live.ns.cancel_url, "reschedule": live.reschedule}))


if __name__ == "__main__":
    app()
