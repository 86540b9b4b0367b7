"""A merchant's receiving side, as its docs tell it to be: verify, then de-duplicate by event id."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tradelane.core import clock
from tradelane.outbox import rules
from tradelane.outbox.transport import SendResult


class Receiver:
    """Answers with the scripted status codes in turn (then 200), keeps each event once."""

    def __init__(self, secret: str = "", statuses: list[int] | None = None) -> None:
        self.secret = secret
        self.statuses = list(statuses or [])
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.events: dict[str, dict[str, Any]] = {}
        self.lock = threading.Lock()

    def handle(self, headers: dict[str, str], body: bytes) -> int:
        with self.lock:
            self.requests.append((headers, body))
            signature = headers.get(rules.SIGNATURE_HEADER, "")
            if not rules.signature_valid(
                self.secret, signature, body, now=int(clock.now().timestamp())
            ):
                return 400
            if self.statuses:
                return self.statuses.pop(0)
            event = json.loads(body)
            self.events.setdefault(event["id"], event)  # a repeat is acknowledged, not redone
            return 200

    def __call__(self, url: str, body: bytes, headers: dict[str, str]) -> SendResult:
        status = self.handle(headers, body)
        return SendResult(status, "" if status == 200 else f"status {status}")


@contextmanager
def http_receiver(receiver: Receiver) -> Iterator[str]:
    """Serve the receiver over real HTTP on a free local port; yields its URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            status = receiver.handle(dict(self.headers.items()), body)
            self.send_response(status)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hooks"
    finally:
        server.shutdown()
        server.server_close()


def wait_for(condition: Any, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False
