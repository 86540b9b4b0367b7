"""The attempt limit: refused after `limit` failures in the window, whatever comes next, with
the seconds left; lifted when the window ends; one subject's failures never touch another's."""

from __future__ import annotations

import pytest

from tradelane.core import ratelimit
from tradelane.core.ratelimit import AttemptLimit, TooManyAttempts


def test_the_limit_refuses_until_the_window_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1_000_000.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    limit = AttemptLimit("test", limit=3, window=60)
    for _ in range(3):
        limit.check("a")
        limit.fail("a")
    with pytest.raises(TooManyAttempts) as refused:
        limit.check("a")
    assert refused.value.http_status == 429
    assert refused.value.code == "too_many_attempts"
    assert refused.value.headers["Retry-After"] == "61"
    limit.check("b")  # someone else is not touched
    now[0] += 30
    with pytest.raises(TooManyAttempts) as later:
        limit.check("a")
    assert later.value.retry_after == 31
    now[0] += 31
    limit.check("a")


def test_a_reset_clears_the_count() -> None:
    limit = AttemptLimit("test-reset", limit=1, window=60)
    limit.fail("a")
    with pytest.raises(TooManyAttempts):
        limit.check("a")
    limit.reset("a")
    limit.check("a")
