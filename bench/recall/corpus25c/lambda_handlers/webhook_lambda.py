import base64
import hashlib
import hmac
import json
import os

import boto3

sqs = boto3.client("sqs")
QUEUE_URL = os.environ.get("REMINDER_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/reminders")
SECRET = os.environ.get("WEBHOOK_SECRET", "dev-secret").encode()


def _verify(event: dict) -> bool:
    body = event["body"]
    if event.get("isBase64Encoded"):
        body = base64.b64decode(body).decode()
    sig = event["headers"].get("x-webhook-signature", "")
    expected = hmac.new(SECRET, body.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(sig, expected)


def _links(appt: dict) -> dict:
    match appt:
        case {"reschedule_url": str(reschedule), "cancel_url": str(cancel)}:
            return {"reschedule": reschedule, "cancel": cancel}
        case {"urls": {"reschedule": [reschedule, *_], "cancel": [cancel, *_]}}:
            return {"reschedule": reschedule, "cancel": cancel}
        case _:
            return {}


def handler(event, context):
    if not _verify(event):
        return {"statusCode": 401, "body": "bad signature"}
    evt = json.loads(event["body"])
    obj = evt["data"]["object"]
    match evt["type"]:
        case "appointment.created" | "appointment.rescheduled":
            msg = {"appointment_id": obj["id"], "start": obj["start_at"]["utc"], **_links(obj)}
            sqs.send_message(QueueUrl=QUEUE_URL, MessageBody=json.dumps(msg))
        case "appointment.canceled":
            sqs.send_message(QueueUrl=QUEUE_URL, MessageBody=json.dumps({"appointment_id": obj["id"], "canceled": True}))
        case "appointment.meeting.created":
            join = obj["urls"]["join"][0]
            provider = obj["meeting"]["join_url"]
            msg = {"appointment_id": obj["id"], "join": join, "provider_join": provider}
            sqs.send_message(QueueUrl=QUEUE_URL, MessageBody=json.dumps(msg))
        case other:
            print(f"ignoring {other}")
    return {"statusCode": 204}


if __name__ == "__main__":
    sample = {
        "type": "appointment.meeting.created",
        "data": {
            "object": {
                "id": "appt_a1b2c3d4e5f6",
                "object": "appointment",
                "start_at": {"utc": "2025-03-01T04:00:00Z", "unix_ts": 1740801600},
                "meeting": {"conferencing_provider": "zoom_admin", "join_url": "https://us02web.zoom.us/j/85512345678"},
                "urls": {
                    "cancel": ["https://savvycal.com/c/appointments/appt_a1b2c3d4e5f6/cancel"],
                    "join": ["https://savvycal.com/c/appointments/appt_a1b2c3d4e5f6/join"],
                    "reschedule": ["https://savvycal.com/c/appointments/appt_a1b2c3d4e5f6/reschedule"],
                },
            }
        },
    }
    raw = json.dumps(sample)
    signature = hmac.new(SECRET, raw.encode(), hashlib.sha256).hexdigest()
    print(handler({"body": raw, "headers": {"x-webhook-signature": signature}}, None))
