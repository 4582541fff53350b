"""Webhook signature verification and a tiny event router."""
from __future__ import annotations

import hashlib
import hmac
import time
from typing import Callable, Mapping

TOLERANCE_SECONDS = 300
ALLOWED_FORWARDERS = ("https://hooks.acme.com", "https://hooks-staging.acme.com")


class SignatureError(Exception):
    pass


def verify(secret: bytes, body: bytes, header: str, now: float | None = None) -> None:
    """Header looks like `t=1712345678,v1=5257a869e7...`."""
    parts = dict(p.split("=", 1) for p in header.split(","))
    ts = int(parts["t"])
    if abs((now or time.time()) - ts) > TOLERANCE_SECONDS:
        raise SignatureError("stale timestamp")
    mac = hmac.new(secret, f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(mac, parts.get("v1", "")):
        raise SignatureError("signature mismatch")


def forwarded_ok(origin: str | None) -> bool:
    return origin is None or origin.rstrip("/") in ALLOWED_FORWARDERS


Handler = Callable[[dict], None]
ROUTES: dict[str, Handler] = {}


def on(event_type: str):
    def deco(fn: Handler) -> Handler:
        ROUTES[event_type] = fn
        return fn

    return deco


def dispatch(event: Mapping) -> bool:
    fn = ROUTES.get(event["type"])
    if fn is None:
        return False
    fn(event["data"]["object"])
    return True
