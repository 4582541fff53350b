"""Nightly export of yesterday's appointments to the ops Google Sheet."""
import datetime as dt
import operator
import os

import gspread
import requests

SHEET_KEY = os.environ["OPS_SHEET_KEY"]
API = os.environ.get("APPTS_API", "https://appointments.internal.acme.com/v1")
SCOPES = ["https://www.googleapis.com/auth/spreadsheets"]

HEADER = ["id", "status", "start (UTC)", "client", "cancel link", "reschedule link", "ics", "gcal", "# join links", "confirm"]

first = operator.itemgetter(0)


def list_appointments(day: dt.date):
    params = {"start_date": day.isoformat(), "end_date": day.isoformat(), "page_size": 100}
    page = 1
    while True:
        data = requests.get(f"{API}/appointments", params={**params, "page": page}, timeout=30).json()
        yield from data["data"]
        if page >= data["meta"]["total_pages"]:
            break
        page += 1


def to_row(a: dict) -> list:
    u = a["urls"]
    return [
        a["id"],
        a["status"],
        a["start_at"]["utc"],
        a["client"]["email"] or "",
        first(u["cancel"]),
        a["reschedule_url"],
        first(u["ics"]),
        u["add_to_google_calendar"][0],
        len(u["join"]),
        u.get("confirm", [""])[0],
    ]


def main() -> None:
    gc = gspread.service_account(scopes=SCOPES)
    book = gc.open_by_key(SHEET_KEY)
    ws = book.worksheet("appointments")
    day = dt.date.today() - dt.timedelta(days=1)
    rows = list(map(to_row, list_appointments(day)))
    ws.clear()
    ws.update("A1", [HEADER, *rows])
    # the audit tab keeps every reschedule variant the API handed us
    audit = book.worksheet("links-audit")
    audit.append_rows([[a["id"], *a["urls"]["reschedule"]] for a in list_appointments(day)])


if __name__ == "__main__":
    main()
