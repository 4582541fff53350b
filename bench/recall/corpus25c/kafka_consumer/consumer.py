"""Consumes appointment webhooks relayed onto Kafka and feeds the notification service."""
from __future__ import annotations

import json
import logging
import signal
from typing import Iterator, TypedDict

from confluent_kafka import Consumer, KafkaError

log = logging.getLogger("appt-consumer")


class UrlSet(TypedDict, total=False):
    cancel: list[str]
    reschedule: list[str]
    confirm: list[str]
    join: list[str]
    ics: list[str]
    add_to_calendar: list[str]


class AppointmentEvent(TypedDict):
    id: str
    status: str
    urls: UrlSet


class Notification(TypedDict):
    appointment_id: str
    template: str
    primary_link: str
    secondary_link: str | None


TEMPLATES = {
    "appointment.created": ("booked", "confirm", "reschedule"),
    "appointment.rescheduled": ("moved", "reschedule", "cancel"),
    "appointment.confirmed": ("confirmed", "join", "ics"),
}


def notifications(evt_type: str, obj: AppointmentEvent) -> Iterator[Notification]:
    if evt_type not in TEMPLATES:
        return
    template, primary, secondary = TEMPLATES[evt_type]
    urls = obj["urls"]
    yield Notification(
        appointment_id=obj["id"],
        template=template,
        primary_link=urls[primary][0],
        secondary_link=(urls.get(secondary) or [None])[0],
    )


def confirmation_reminder(obj: AppointmentEvent) -> Notification:
    urls = obj["urls"]
    return Notification(
        appointment_id=obj["id"],
        template="please_confirm",
        primary_link=urls["confirm"][0],
        secondary_link=urls["cancel"][0] if urls.get("cancel") else None,
    )


def run(conf: dict, topic: str = "appointments.webhooks") -> None:
    consumer = Consumer({**conf, "group.id": "notifications", "auto.offset.reset": "earliest"})
    consumer.subscribe([topic])
    running = True

    def stop(*_):
        nonlocal running
        running = False

    signal.signal(signal.SIGTERM, stop)
    try:
        while running:
            msg = consumer.poll(1.0)
            if msg is None:
                continue
            if msg.error():
                if msg.error().code() != KafkaError._PARTITION_EOF:
                    log.error("kafka error: %s", msg.error())
                continue
            evt = json.loads(msg.value())
            obj: AppointmentEvent = evt["data"]["object"]
            for n in notifications(evt["type"], obj):
                log.info("notify %s", n)
            if evt["type"] == "appointment.created" and not obj.get("confirm_url"):
                log.info("legacy confirm link %s", obj["urls"]["confirm"][0])
    finally:
        consumer.close()


if __name__ == "__main__":
    run({"bootstrap.servers": "kafka-1.acme.internal:9092,kafka-2.acme.internal:9092"})
