"""Attempt limits for guessable inputs (voucher codes, passwords) and free actions (sign-up):
after `limit` counted attempts within `window` seconds the subject is refused, 429
`too_many_attempts` with Retry-After, until the window that began with its first attempt ends.

An attempt is counted before it is tried (`attempt`), and the count is compared after the
increment: concurrent tries each get their own number from the cache's atomic `incr` (Redis
INCR, or the in-process cache's lock), so a crowd cannot all pass a check before any is counted.
A try that turned out not to be a failure (a known code, a right password) is then `forgive`n.

Counts live in the `ratelimit` cache (Redis shared by every web worker in production, memory in
the embedded profile): a fixed window per subject, whose keys expire with it. Sign-in lockout
per account is django-axes' (`accounts/lockout.py`); the per-address sign-in limit is this.

Subjects that are client addresses come from `client_ip`, which trusts X-Forwarded-For only as
far as `TRUSTED_PROXY_COUNT` proxies wrote it. Limits applied deep inside a service (a voucher
typed at quote) read the address of the request being served from `current_client_ip`, set by
`ClientAddressMiddleware`; outside a request (jobs, shells, tests) there is none and
per-address limits do not apply.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from tradelane.core.errors import ApplicationError

CACHE_ALIAS = "ratelimit"


class TooManyAttempts(ApplicationError):
    http_status = 429
    default_code = "too_many_attempts"

    def __init__(self, message: str | None = None, *, retry_after: int) -> None:
        self.retry_after = max(1, int(retry_after))
        if message is None:
            message = _("Too many attempts. Try again in %(n)s seconds.") % {"n": self.retry_after}
        super().__init__(message, extra={"retry_after_seconds": self.retry_after})
        self.headers = {"Retry-After": str(self.retry_after)}


@dataclass
class Counted:
    """What one `attempt` counted, to take back with `forgive` when the try did not fail."""

    taken: list[tuple[AttemptLimit, str]] = field(default_factory=list)

    def forgive(self) -> None:
        for limit, subject in reversed(self.taken):
            limit.forgive(subject)
        self.taken = []


@dataclass(frozen=True)
class AttemptLimit:
    """`limit` attempts per `window` seconds for one kind of attempt (`scope`)."""

    scope: str
    limit: int
    window: int
    message: str | None = None  # what the refusal says (with %(n)s for the seconds left)

    def _keys(self, subject: str) -> tuple[str, str]:
        base = f"{self.scope}:{subject}"
        return f"{base}:start", f"{base}:n"

    def attempt(self, subject: str) -> Counted:
        """Count one attempt, then refuse it (TooManyAttempts) if it is past the limit. The
        first attempt creates both keys with the window's lifetime (`add` only sets a missing
        key); a refused attempt stays counted, so the count only drops when tries are forgiven
        or the window ends."""
        cache = caches[CACHE_ALIAS]
        start_key, count_key = self._keys(subject)
        now = time.time()
        cache.add(start_key, now, timeout=self.window)
        cache.add(count_key, 0, timeout=self.window)
        try:
            count = cache.incr(count_key)
        except ValueError:  # the window ended between the two calls
            cache.set(start_key, now, timeout=self.window)
            cache.set(count_key, 1, timeout=self.window)
            count = 1
        if count > self.limit:
            started = cache.get(start_key) or now
            left = int(started + self.window - time.time()) + 1
            raise TooManyAttempts(
                self.message % {"n": max(1, left)} if self.message else None,
                retry_after=left,
            )
        return Counted([(self, subject)])

    def forgive(self, subject: str) -> None:
        """One counted attempt was not a failure after all."""
        cache = caches[CACHE_ALIAS]
        try:
            if cache.decr(self._keys(subject)[1]) < 0:
                cache.incr(self._keys(subject)[1])
        except ValueError:  # the window ended meanwhile: nothing left to take back
            pass

    def reset(self, subject: str) -> None:
        caches[CACHE_ALIAS].delete_many(list(self._keys(subject)))


def attempt(*counts: tuple[AttemptLimit, str | None]) -> Counted:
    """Count one attempt under each limit (a `None` subject, e.g. no client address, is
    skipped): all or none, so a try refused by one limit is not counted by the others."""
    counted = Counted()
    for limit, subject in counts:
        if subject is None:
            continue
        try:
            limit.attempt(subject)
        except TooManyAttempts:
            counted.forgive()
            raise
        counted.taken.append((limit, subject))
    return counted


# --- the client's address --------------------------------------------------------------------


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The address of the client that sent the request. With no trusted proxy
    (`TRUSTED_PROXY_COUNT` 0) the peer's address; behind N trusted proxies the Nth entry of
    X-Forwarded-For from the right, the one the outermost trusted proxy wrote for the address it
    was called from. Entries further left were written by the client and are never used; a
    header too short or not an address falls back to the peer."""
    peer = request.META.get("REMOTE_ADDR", "") or "unknown"
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies <= 0:
        return peer
    entries = [e for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if e.strip()]
    if len(entries) < proxies:
        return peer
    return _valid(entries[-proxies]) or peer


_CLIENT_IP: ContextVar[str | None] = ContextVar("tradelane_client_ip", default=None)


def current_client_ip() -> str | None:
    """The address of the client whose request is being served, if any (see the module doc)."""
    return _CLIENT_IP.get()


class ClientAddressMiddleware:
    """Makes the request's client address known to services for the request's duration."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _CLIENT_IP.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _CLIENT_IP.reset(token)
