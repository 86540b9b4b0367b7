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


LOCAL_ADDRESS = "The URL must be reachable from the internet, not a local address."
PRIVATE_ADDRESS = "The URL must be reachable from the internet, not a private address."
NAT64_PREFIX = ipaddress.IPv6Network("64:ff9b::/96")
# IPv6 ranges Python's `is_global` counts as global but that never address a public service:
# IPv4-compatible addresses (::a.b.c.d, deprecated by RFC 4291, still routed to the IPv4
# address by some stacks), local-use NAT64 (RFC 8215: translated inside the operator's network)
# and site-local (deprecated by RFC 3879, still routed inside some sites).
NOT_PUBLIC_V6 = (
    ipaddress.IPv6Network("::/96"),
    ipaddress.IPv6Network("64:ff9b:1::/48"),
    ipaddress.IPv6Network("fec0::/10"),
)
NUMERIC_HOST = "Write an IP address in the URL as four decimal numbers (or use a name)."


def url_problem(url: str, *, allow_insecure: bool) -> str | None:
    """Why a URL may not receive webhooks, or None when it may."""
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError:  # an unbalanced [ or a bad port
        return "The URL must be an absolute https:// address."
    if parts.scheme not in ("https", "http") or not hostname:
        return "The URL must be an absolute https:// address."
    if parts.username or parts.password:
        return "The URL must not carry credentials; deliveries are signed instead."
    if allow_insecure:
        return None
    if parts.scheme != "https":
        return "The URL must use https://."
    host = hostname.lower().rstrip(".")  # `localhost.` is localhost, fully qualified
    if host == "localhost" or host.endswith(".localhost") or not host:
        return LOCAL_ADDRESS
    if _numeric_ipv4_shorthand(host):
        return NUMERIC_HOST
    return address_problem(host)


def _numeric_ipv4_shorthand(host: str) -> bool:
    """A host that resolvers read as an IPv4 address but is not a dotted quad of decimals:
    `2130706433`, `0x7f000001`, `127.1`, `0177.0.0.1` are all 127.0.0.1 to `inet_aton`. Such
    forms are refused outright, whatever they point at, since parsers disagree about them."""
    labels = host.split(".")
    numeric = all(_ipv4_number(label) for label in labels)
    if not numeric or len(labels) > 4:
        return False
    canonical = len(labels) == 4 and all(
        label.isdigit() and (label == "0" or not label.startswith("0")) for label in labels
    )
    return not canonical


def _ipv4_number(label: str) -> bool:
    text = label.lower()
    if text.startswith("0x"):
        return all(c in "0123456789abcdef" for c in text[2:])
    return text.isdigit()


def address_problem(host: str) -> str | None:
    """Why an IP address may not receive webhooks (not a public unicast address), or None; a
    name passes here, and the address it resolves to is checked when a delivery is sent."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    if address.version == 6:
        embedded = [address.ipv4_mapped, address.sixtofour, *(address.teredo or ())]
        if address in NAT64_PREFIX:  # 64:ff9b::a.b.c.d reaches a.b.c.d through a NAT64
            embedded.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        if any(v4 is not None and not _public(v4) for v4 in embedded):
            return PRIVATE_ADDRESS
    if not _public(address):
        return PRIVATE_ADDRESS
    return None


def _public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if address.version == 6 and any(address in net for net in NOT_PUBLIC_V6):
        return False
    return address.is_global and not address.is_multicast
