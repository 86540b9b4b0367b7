"""The attempt limit: refused after `limit` counted attempts in the window, whatever comes next,
with the seconds left; lifted when the window ends; one subject's count never touches another's;
an attempt is counted before it is tried, so a crowd of concurrent tries cannot all slip in
(on the in-process cache and on Redis). The client's address: the peer's, or the entry the
trusted proxies wrote, never what the client wrote itself."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import caches
from django.http import HttpRequest
from django.test import RequestFactory, override_settings

from tradelane.core import ratelimit
from tradelane.core.ratelimit import AttemptLimit, TooManyAttempts, attempt, client_ip


def test_the_limit_refuses_until_the_window_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1_000_000.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    limit = AttemptLimit("test", limit=3, window=60)
    for _ in range(3):
        limit.attempt("a")
    with pytest.raises(TooManyAttempts) as refused:
        limit.attempt("a")
    assert refused.value.http_status == 429
    assert refused.value.code == "too_many_attempts"
    assert refused.value.headers["Retry-After"] == "61"
    limit.attempt("b")  # someone else is not touched
    now[0] += 30
    with pytest.raises(TooManyAttempts) as later:
        limit.attempt("a")
    assert later.value.retry_after == 31
    now[0] += 31
    limit.attempt("a")


def test_a_forgiven_attempt_does_not_count_and_a_reset_clears_the_count() -> None:
    limit = AttemptLimit("test-reset", limit=1, window=60)
    for _ in range(5):
        limit.attempt("a").forgive()  # e.g. a right password: not a failure
    limit.attempt("a")
    with pytest.raises(TooManyAttempts):
        limit.attempt("a")
    limit.reset("a")
    limit.attempt("a")


def test_several_limits_count_together_or_not_at_all() -> None:
    account = AttemptLimit("test-account", limit=5, window=60)
    address = AttemptLimit("test-address", limit=1, window=60)
    attempt((account, "a"), (address, "ip"))
    with pytest.raises(TooManyAttempts):
        attempt((account, "a"), (address, "ip"))
    # the refused try was not counted against the account
    for _ in range(4):
        account.attempt("a")
    attempt((account, "b"), (address, None))  # no address known: that limit is skipped


@pytest.fixture(params=["locmem", "redis"])
def cache_kind(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "locmem":
        yield "locmem"
        return
    location = "redis://127.0.0.1:6379/9"
    try:
        import redis

        redis.Redis.from_url(location, socket_connect_timeout=1).ping()
    except Exception:  # no Redis here: the in-process run still proves it
        pytest.skip("Redis at 127.0.0.1:6379 is not running")
    backend = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": location,
        "KEY_PREFIX": f"test-ratelimit-{time.time_ns()}",
    }
    with override_settings(CACHES={"default": backend, "ratelimit": backend}):
        caches["ratelimit"].clear()
        yield "redis"
        caches["ratelimit"].clear()


def test_concurrent_attempts_never_pass_the_limit(cache_kind: str) -> None:
    """Every thread starts at once: with check-then-count all of them passed the check before
    any was counted. Counting first lets exactly `limit` through."""
    limit = AttemptLimit(f"test-race-{cache_kind}", limit=5, window=60)
    n = 24
    start = threading.Barrier(n)

    def one(_i: int) -> str:
        start.wait()
        try:
            limit.attempt("crowd")
        except TooManyAttempts:
            return "refused"
        time.sleep(0.05)  # the guess itself (a lookup) takes a moment
        return "tried"

    with ThreadPoolExecutor(max_workers=n) as pool:
        results = list(pool.map(one, range(n)))
    assert results.count("tried") == 5
    assert results.count("refused") == n - 5


def _request(remote: str, forwarded: str | None = None) -> HttpRequest:
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def test_without_trusted_proxies_the_peer_address_counts_and_the_header_is_ignored() -> None:
    with override_settings(TRUSTED_PROXY_COUNT=0):
        assert client_ip(_request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_trusted_proxies_the_entry_they_wrote_counts_never_the_leftmost() -> None:
    with override_settings(TRUSTED_PROXY_COUNT=1):
        # the client wrote "1.1.1.1" itself; the proxy appended the address it saw
        assert client_ip(_request("10.0.0.2", "1.1.1.1, 203.0.113.7")) == "203.0.113.7"
        assert client_ip(_request("10.0.0.2", "203.0.113.7")) == "203.0.113.7"
        # no header (or garbage): the peer is all we know
        assert client_ip(_request("10.0.0.2")) == "10.0.0.2"
        assert client_ip(_request("10.0.0.2", "1.1.1.1, not-an-ip")) == "10.0.0.2"
    with override_settings(TRUSTED_PROXY_COUNT=2):
        chain = "1.1.1.1, 203.0.113.7, 10.0.0.1"
        assert client_ip(_request("10.0.0.2", chain)) == "203.0.113.7"
        # fewer entries than proxies: the chain is not the one we trust
        assert client_ip(_request("10.0.0.2", "203.0.113.7")) == "10.0.0.2"
