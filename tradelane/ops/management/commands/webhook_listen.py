from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tradelane.outbox.receiver import WebhookReceiver


class Command(BaseCommand):
    help = (
        "Receive webhooks locally, as a merchant's system would: verify each signature, "
        "print each event once. Register http://127.0.0.1:PORT/ as the endpoint's URL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--secret", required=True, help="the endpoint's whsec_… secret")
        parser.add_argument("--port", type=int, default=9000)

    def handle(self, *args: Any, **options: Any) -> None:
        receiver, out = WebhookReceiver(options["secret"]), self.stdout

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                got = receiver.receive(dict(self.headers.items()), body)
                self.send_response(got.status)
                self.end_headers()
                if got.event is None:
                    out.write("refused: bad signature or body (answered 400)")
                elif got.repeat:
                    out.write(f"{got.event['id']} again: already handled (answered 200)")
                else:
                    out.write(f"{got.event['id']} {got.event['type']}")
                    out.write(json.dumps(got.event["data"], ensure_ascii=False, indent=2))

            def log_message(self, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", options["port"]), Handler)
        out.write(f"listening on http://127.0.0.1:{options['port']}/ (Ctrl-C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
