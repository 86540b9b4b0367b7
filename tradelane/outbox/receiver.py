"""A reference webhook receiver: what a merchant's system does with a delivery. Used by
`tradelane webhook-listen` to watch deliveries locally, and by the tests."""

from __future__ import annotations

import json
import threading
from typing import Any, NamedTuple

from tradelane.core import clock
from tradelane.outbox import rules


class Received(NamedTuple):
    status: int
    event: dict[str, Any] | None
    repeat: bool


class WebhookReceiver:
    """Verify the signature, then keep each event id once: a retry of an event already handled
    is acknowledged (2xx) without being handled again."""

    def __init__(self, secret: str = "") -> None:
        self.secret = secret
        self.events: dict[str, dict[str, Any]] = {}
        self.lock = threading.Lock()

    def receive(self, headers: dict[str, str], body: bytes) -> Received:
        signature = next(
            (v for k, v in headers.items() if k.lower() == rules.SIGNATURE_HEADER.lower()), ""
        )
        if not rules.signature_valid(
            self.secret, signature, body, now=int(clock.now().timestamp())
        ):
            return Received(400, None, False)
        try:
            event = json.loads(body)
            event_id = str(event["id"])
        except (ValueError, KeyError, TypeError):
            return Received(400, None, False)
        with self.lock:
            repeat = event_id in self.events
            self.events.setdefault(event_id, event)
        return Received(200, event, repeat)
