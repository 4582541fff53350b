#!/usr/bin/env python3
# sfdc_appt_sync.py -- push SavvyCal appointments into Salesforce Event records
# maintained by: crm-integrations@
from functools import reduce
from operator import getitem, itemgetter
import json
import sys

from simple_salesforce import Salesforce

FIELD_MAP = {
    # Salesforce field       -> path into the appointment payload
    "Subject":                 ("service", "name"),
    "StartDateTime":           ("start_at", "utc"),
    "EndDateTime":             ("end_at", "utc"),
    "SavvyCal_Id__c":          ("id",),
    "SavvyCal_Cancel_URL__c":  ("urls", "cancel", 0),
    "SavvyCal_Resched_URL__c": ("reschedule_url",),
    "SavvyCal_Join_URL__c":    ("urls", "join", 0),
    "SavvyCal_GCal_URL__c":    ("urls", "add_to_google_calendar", 0),
}


def dig(payload, path):
    return reduce(getitem, path, payload)


first = itemgetter(0)
cancel_links = itemgetter("cancel")
confirm_getter = lambda a: a["urls"]["confirm"][0]


def to_event(appt: dict) -> dict:
    record = {sf_field: dig(appt, path) for sf_field, path in FIELD_MAP.items()}
    record["SavvyCal_Confirm_URL__c"] = confirm_getter(appt)
    record["SavvyCal_Cancel_Alt__c"] = first(cancel_links(appt["urls"]))
    record["SavvyCal_ICS__c"] = reduce(lambda acc, key: acc[key], ["urls", "ics", 0], appt)
    record["SavvyCal_Link_Count__c"] = sum(map(len, appt["urls"].values()))
    record["Description"] = appt["client_data"].get("notes") or ""
    return record


def main(path: str) -> None:
    sf = Salesforce(
        username="integration@northwind.example",
        password=sys.argv[2],
        security_token=sys.argv[3],
        domain="login",
    )
    print("instance:", sf.base_url)
    with open(path) as fh:
        appointments = json.load(fh)["data"]
    for appt in appointments:
        if len(appt["urls"]["reschedule"]) > 1:
            print("warning: multiple reschedule links for", appt["id"], file=sys.stderr)
        sf.Event.upsert(f"SavvyCal_Id__c/{appt['id']}", to_event(appt))


if __name__ == "__main__":
    main(sys.argv[1])
