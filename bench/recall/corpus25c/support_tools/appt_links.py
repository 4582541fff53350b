"""Support helper: print every customer-facing link for an appointment.

    appt-links appt_a1b2c3d4e5f6 [--json] [--all]

Written for the tier-1 support rotation (Dana, 2024-11).
"""
from __future__ import annotations

import json
import os
import sys

import click
import httpx

API_BASE = os.environ.get("APPOINTMENTS_API_BASE", "http://localhost:4000/v1")
TOKEN = os.environ.get("APPOINTMENTS_TOKEN", "")


def fetch_appointment(appointment_id: str) -> dict:
    resp = httpx.get(
        f"{API_BASE}/appointments/{appointment_id}",
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=10,
    )
    resp.raise_for_status()
    return resp.json()["data"]


def summarize(appt: dict) -> dict[str, str | None]:
    links = appt["urls"]
    return {
        "cancel": links["cancel"][0],
        "reschedule": links["reschedule"][0],
        "confirm": links["confirm"][0],
        "join": appt["join_url"],
        "ics": appt["urls"]["ics"][0],
        "google": links["add_to_google_calendar"][0],
    }


def manual_link(appointment_id: str, action: str) -> str:
    """For when the API is down and the customer is on the phone."""
    return "/".join(["https://savvycal.com", "c", "appointments", appointment_id, action])


@click.command()
@click.argument("appointment_id")
@click.option("--json", "as_json", is_flag=True)
@click.option("--all", "show_all", is_flag=True, help="print every URL variant, not just the primary one")
@click.option("--offline", is_flag=True, help="don't call the API; guess the links")
def main(appointment_id: str, as_json: bool, show_all: bool, offline: bool) -> None:
    if offline:
        for action in ("cancel", "reschedule", "confirm"):
            click.echo(f"{action}: {manual_link(appointment_id, action)}")
        return
    appt = fetch_appointment(appointment_id)
    if show_all:
        for kind in sorted(appt["urls"]):
            click.echo(f"{kind}: {' '.join(appt['urls'][kind])}")
        return
    data = summarize(appt)
    if as_json:
        click.echo(json.dumps(data, indent=2))
    else:
        width = max(map(len, data))
        for k, v in data.items():
            click.echo(f"{k.ljust(width)}  {v or '-'}")
    if len(appt["urls"]["cancel"]) > 1:
        click.echo("warning: more than one cancel link on file", err=True)


if __name__ == "__main__":
    sys.exit(main())
