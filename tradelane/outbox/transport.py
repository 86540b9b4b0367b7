"""The wire to a merchant's endpoint: one signed POST, the answer returned as data.

The host name is resolved once, every address it resolves to is checked (no private, loopback,
link-local, reserved or multicast address), and the connection goes to the checked address,
with the name in the Host header and in TLS (SNI and certificate verification). A second DNS
answer (rebinding) therefore cannot redirect the request into our network. Failures are told in
a few fixed words, never the operating system's, so a merchant's delivery log cannot be used to
scan ports.
"""

from __future__ import annotations

import socket
from typing import Any, NamedTuple, Protocol
from urllib.parse import SplitResult, urlsplit

import httpx
from django.conf import settings

from tradelane.outbox import rules

COULD_NOT_RESOLVE = "could not resolve the host name"
COULD_NOT_CONNECT = "could not connect"
TIMED_OUT = "no answer in time"
BAD_ANSWER = "the answer was not valid HTTP"
PRIVATE = "the host name resolves to a private address"
MAX_ADDRESSES = 3


class SendResult(NamedTuple):
    status_code: int | None
    error: str

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class Sender(Protocol):
    def __call__(self, url: str, body: bytes, headers: dict[str, str]) -> SendResult: ...


def _resolve(host: str, port: int) -> list[str]:
    """Every address the name has (an IP literal is its own), in the resolver's order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _pinned_url(parts: SplitResult, address: str) -> str:
    host = f"[{address}]" if ":" in address else address
    netloc = f"{host}:{parts.port}" if parts.port else host
    return parts._replace(netloc=netloc).geturl()


def _host_header(parts: SplitResult) -> str:
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host
    return f"{host}:{parts.port}" if parts.port else host


def _post(url: str, **kwargs: Any) -> httpx.Response:
    # No proxies from the environment (a proxy would resolve the name again) and no redirects
    # (a redirect could point anywhere).
    with httpx.Client(
        trust_env=False, follow_redirects=False, timeout=settings.WEBHOOK_TIMEOUT_SECONDS
    ) as client:
        return client.post(url, **kwargs)


def http_post(url: str, body: bytes, headers: dict[str, str]) -> SendResult:
    try:
        parts = urlsplit(url)
        host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return SendResult(None, COULD_NOT_CONNECT)
    try:
        addresses = _resolve(host, port)
    except (OSError, UnicodeError):
        return SendResult(None, COULD_NOT_RESOLVE)
    if not addresses:
        return SendResult(None, COULD_NOT_RESOLVE)
    if not settings.WEBHOOK_ALLOW_INSECURE_URLS and any(
        rules.address_problem(a.split("%")[0]) for a in addresses
    ):
        return SendResult(None, PRIVATE)
    extensions = {"sni_hostname": host} if parts.scheme == "https" else {}
    # Each checked address in turn while the connection is refused at once (`localhost` may
    # answer ::1 first to a server listening on 127.0.0.1 only); a timeout ends the attempt.
    for address in addresses[:MAX_ADDRESSES]:
        try:
            response = _post(
                _pinned_url(parts, address),
                content=body,
                headers={**headers, "Host": _host_header(parts)},
                extensions=extensions,
            )
        except httpx.ConnectError:
            continue
        except (httpx.ConnectTimeout, httpx.UnsupportedProtocol):
            break
        except httpx.TimeoutException:
            return SendResult(None, TIMED_OUT)
        except httpx.HTTPError:
            return SendResult(None, BAD_ANSWER)
        return SendResult(response.status_code, "" if response.is_success else response.text[:300])
    return SendResult(None, COULD_NOT_CONNECT)
