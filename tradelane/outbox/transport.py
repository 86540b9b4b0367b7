"""The wire to a merchant's webhook endpoint: one signed POST, the answer returned as data."""

from __future__ import annotations

import socket
from typing import NamedTuple, Protocol
from urllib.parse import urlsplit

import httpx
from django.conf import settings

from tradelane.outbox import rules


class SendResult(NamedTuple):
    status_code: int | None
    error: str

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class Sender(Protocol):
    def __call__(self, url: str, body: bytes, headers: dict[str, str]) -> SendResult: ...


def _resolves_privately(url: str) -> str | None:
    """Refuse a name that resolves to a private address (SSRF), unless insecure URLs are allowed."""
    if settings.WEBHOOK_ALLOW_INSECURE_URLS:
        return None
    host = urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError as exc:
        return f"cannot resolve {host}: {exc}"
    for info in infos:
        problem = rules.address_problem(str(info[4][0]))
        if problem:
            return problem
    return None


def http_post(url: str, body: bytes, headers: dict[str, str]) -> SendResult:
    problem = _resolves_privately(url)
    if problem:
        return SendResult(None, problem)
    try:
        response = httpx.post(
            url,
            content=body,
            headers=headers,
            timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
            follow_redirects=False,
        )
    except httpx.HTTPError as exc:
        return SendResult(None, f"{type(exc).__name__}: {exc}"[:300])
    return SendResult(response.status_code, "" if response.is_success else response.text[:300])
