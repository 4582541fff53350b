#!/usr/bin/env python3
"""Replay a sample appointment.created webhook against a local receiver.

    python replay_webhook.py http://localhost:5000/hooks/savvycal
"""
import hashlib
import hmac
import json
import os
import sys

import requests

SAMPLE_EVENT = {
    "created_at": "2025-03-12T12:34:55Z",
    "type": "appointment.created",
    "data": {
        "object": {
            "id": "appt_a1b2c3d4e5f6",
            "object": "appointment",
            "appointment_type": "in_person",
            "status": "scheduled",
            "client": {"email": "sam@example.com", "first_name": "Sam", "phone": "+15555550100"},
            "urls": {
                "cancel": ["https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/cancel"],
                "reschedule": ["https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/reschedule"],
                "confirm": ["https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/confirm"],
                "ics": ["https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/ics"],
                "join": ["https://book.acme.com/c/appointments/appt_a1b2c3d4e5f6/join"],
            },
        }
    },
}


def sign(body: bytes) -> str:
    secret = os.environ.get("SAVVYCAL_WEBHOOK_SECRET", "dev-secret").encode()
    return hmac.new(secret, body, hashlib.sha256).hexdigest()


def main(target: str) -> int:
    body = json.dumps(SAMPLE_EVENT).encode()
    r = requests.post(target, data=body, headers={"X-SavvyCal-Signature": sign(body), "Content-Type": "application/json"})
    print(r.status_code, r.text[:200])
    obj = SAMPLE_EVENT["data"]["object"]
    print("expect cancel link:", obj["urls"]["cancel"][0])
    print("expect join link:  ", SAMPLE_EVENT["data"]["object"]["urls"]["join"][0])
    return 0 if r.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "http://localhost:5000/hooks/savvycal"))
