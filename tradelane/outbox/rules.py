"""Pure webhook rules: which events exist, how a delivery is signed and verified, how long to
wait before the next attempt, and which URLs may receive deliveries."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import random
from typing import Any
from urllib.parse import urlsplit

EVENT_TYPES = (
    "order.paid",
    "order.in_fulfilment",
    "order.shipped",
    "order.delivered",
    "order.completed",
    "order.canceled",
    "order.expired",
    "order.refunded",
    "refund.created",
    "instore_payment.succeeded",
    "instore_refund.created",
    "payout.instructed",
    "payout.failed",
)

SIGNATURE_HEADER = "Tradelane-Signature"
SIGNATURE_TOLERANCE_SECONDS = 300
MAX_RETRY_DELAY_SECONDS = 6 * 3600


def event_body(
    *, event_id: str, event_type: str, created: str, merchant_id: int | None, data: Any
) -> bytes:
    """The delivered JSON, byte-for-byte the same on every attempt (keys sorted)."""
    payload = {
        "id": event_id,
        "type": event_type,
        "created": created,
        "merchant": merchant_id,
        "data": data,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()


def _mac(secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    """`t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`, as Stripe signs its webhooks."""
    return f"t={timestamp},v1={_mac(secret, timestamp, body)}"


def signature_valid(
    secret: str,
    header: str,
    body: bytes,
    now: int,
    tolerance: int = SIGNATURE_TOLERANCE_SECONDS,
) -> bool:
    """What a receiver checks: a v1 MAC matches and the timestamp is recent (no replays)."""
    parts = [p.split("=", 1) for p in header.split(",") if "=" in p]
    timestamps = [v for k, v in parts if k.strip() == "t"]
    macs = [v for k, v in parts if k.strip() == "v1"]
    if len(timestamps) != 1 or not timestamps[0].isdigit() or not macs:
        return False
    timestamp = int(timestamps[0])
    if abs(now - timestamp) > tolerance:
        return False
    expected = _mac(secret, timestamp, body)
    return any(hmac.compare_digest(expected, m.strip()) for m in macs)


def retry_delay_seconds(attempts: int, base: float, rng: random.Random | None = None) -> float:
    """Exponential back-off after the n-th failed attempt, capped, with ±10 % jitter so that
    deliveries that failed together (an endpoint outage) do not all return at once."""
    delay = min(base * 2 ** max(attempts - 1, 0), MAX_RETRY_DELAY_SECONDS)
    return delay * (rng or random).uniform(0.9, 1.1)


def url_problem(url: str, *, allow_insecure: bool) -> str | None:
    """Why a URL may not receive webhooks, or None when it may."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return "The URL must be an absolute https:// address."
    if parts.username or parts.password:
        return "The URL must not carry credentials; deliveries are signed instead."
    if allow_insecure:
        return None
    if parts.scheme != "https":
        return "The URL must use https://."
    if parts.hostname == "localhost" or parts.hostname.endswith(".localhost"):
        return "The URL must be reachable from the internet, not a local address."
    return address_problem(parts.hostname)


def address_problem(host: str) -> str | None:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None  # a name; its addresses are checked again when a delivery is sent
    if not address.is_global:
        return "The URL must be reachable from the internet, not a private address."
    return None
