"""Attempt limits for guessable inputs (voucher codes and the like): after `limit` failures
within `window` seconds the subject is refused, 429 `too_many_attempts` with Retry-After, until
the window that began with its first failure has passed.

Counts live in the `ratelimit` cache (Redis shared by every web worker in production, memory in
the embedded profile): a fixed window per subject, whose key expires with it. Sign-in lockout is
django-axes' (`accounts/lockout.py`), not this.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import caches
from django.utils.translation import gettext as _

from tradelane.core.errors import ApplicationError

CACHE_ALIAS = "ratelimit"


class TooManyAttempts(ApplicationError):
    http_status = 429
    default_code = "too_many_attempts"

    def __init__(self, message: str, *, retry_after: int) -> None:
        self.retry_after = max(1, int(retry_after))
        super().__init__(message, extra={"retry_after_seconds": self.retry_after})
        self.headers = {"Retry-After": str(self.retry_after)}


@dataclass(frozen=True)
class AttemptLimit:
    """`limit` failures per `window` seconds for one kind of attempt (`scope`)."""

    scope: str
    limit: int
    window: int

    def _keys(self, subject: str) -> tuple[str, str]:
        base = f"{self.scope}:{subject}"
        return f"{base}:start", f"{base}:n"

    def check(self, subject: str) -> None:
        """Refuse before trying when the subject has used up its failures."""
        start_key, count_key = self._keys(subject)
        found = caches[CACHE_ALIAS].get_many([start_key, count_key])
        failures, started = found.get(count_key, 0), found.get(start_key)
        if started is None or failures < self.limit:
            return
        left = int(started + self.window - time.time()) + 1
        if left > 0:
            raise TooManyAttempts(
                _("Too many attempts. Try again in %(n)s seconds.") % {"n": left},
                retry_after=left,
            )

    def fail(self, subject: str) -> None:
        """Count one failure. Both keys are created with the window's lifetime by the first
        failure (`add` only sets a missing key) and the count rises atomically (`incr`), so
        concurrent failures are all counted and the lockout lifts when the window ends."""
        cache = caches[CACHE_ALIAS]
        start_key, count_key = self._keys(subject)
        cache.add(start_key, time.time(), timeout=self.window)
        cache.add(count_key, 0, timeout=self.window)
        try:
            cache.incr(count_key)
        except ValueError:  # the window ended between the two calls
            cache.set(count_key, 1, timeout=self.window)

    def reset(self, subject: str) -> None:
        caches[CACHE_ALIAS].delete_many(list(self._keys(subject)))
