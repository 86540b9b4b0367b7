"""The merchant's side in tests: the reference receiver, with scripted failures."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tradelane.outbox.receiver import WebhookReceiver
from tradelane.outbox.transport import SendResult


class Receiver(WebhookReceiver):
    """Answers with the scripted status codes in turn (then as the reference receiver does)."""

    def __init__(self, secret: str = "", statuses: list[int] | None = None) -> None:
        super().__init__(secret)
        self.statuses = list(statuses or [])
        self.requests: list[tuple[dict[str, str], bytes]] = []

    def handle(self, headers: dict[str, str], body: bytes) -> int:
        with self.lock:
            self.requests.append((headers, body))
            scripted = self.statuses.pop(0) if self.statuses else None
        if scripted is not None:
            return scripted
        return self.receive(headers, body).status

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
