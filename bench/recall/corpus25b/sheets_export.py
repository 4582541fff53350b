"""Weekly export of appointments to the shared Google Sheet (clinic admin team)."""
import gspread

from scheduling.api import list_appointments

SHEET_URL = "https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz/edit"


def export(week: str) -> str:
    appts = list_appointments(week=week)
    ids = [a["id"] for a in appts]

    cancel_col = [row["urls"]["cancel"][0] for row in appts]
    confirm_by_id = dict(zip(ids, map(lambda a: a["urls"]["confirm"][0], appts)))
    ordered = sorted(appts, key=lambda a: a["urls"]["reschedule"][0])
    busiest = max(appts, key=lambda a: len(a["urls"]["ics"]), default=None)
    virtual = list(filter(lambda a: a["urls"].get("join"), appts))

    gc = gspread.service_account(filename="/secrets/sheets.json")
    sh = gc.open_by_url(SHEET_URL)
    ws = sh.worksheet("Appointments")
    ws.clear()
    ws.append_row(["id", "start", "cancel", "confirm", "reschedule_url", "ics_url"])
    for a, cancel in zip(ordered, cancel_col):
        ws.append_row([a["id"], a["start_at"]["utc"], cancel, confirm_by_id[a["id"]], a["reschedule_url"], a["ics_url"]])
    ws.update_acell("H1", f"virtual: {len(virtual)}; busiest: {busiest['id'] if busiest else '-'}")
    return sh.url
