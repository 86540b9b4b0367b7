"""One timed request, and the closed-loop runner shared by the steady mixes."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Collection
from typing import Any

import httpx

from tradelane.ops.loadgen.stats import Tally

TIMEOUT_SECONDS = 30.0
User = Callable[[httpx.AsyncClient, Tally, int, float], Awaitable[None]]


def make_client(base_url: str, connections: int) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=base_url,
        limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
        timeout=httpx.Timeout(TIMEOUT_SECONDS, pool=None),  # waiting for a connection is ours
        headers={"User-Agent": "tradelane-loadgen"},
    )


async def timed(
    client: httpx.AsyncClient,
    tally: Tally,
    method: str,
    url: str,
    *,
    expect: Collection[int] = (200,),
    **kwargs: Any,
) -> httpx.Response | None:
    """Send one request and record its latency and outcome; None when no answer came."""
    start = time.perf_counter()
    try:
        response = await client.request(method, url, **kwargs)
    except httpx.TimeoutException:
        tally.failed(1000 * (time.perf_counter() - start), "timeout")
        return None
    except httpx.TransportError:
        tally.failed(1000 * (time.perf_counter() - start), "transport")
        return None
    tally.record(
        1000 * (time.perf_counter() - start), response.status_code, response.status_code in expect
    )
    return response


async def closed_loop(
    base_url: str, concurrency: int, duration_s: float, user: User
) -> tuple[Tally, float]:
    """`concurrency` users, one connection each, each sending its next request as soon as the
    previous one is answered, until the deadline. Returns the tally and the elapsed time."""
    tally = Tally()
    async with make_client(base_url, concurrency) as client:
        start = time.perf_counter()
        deadline = start + duration_s
        await asyncio.gather(*(user(client, tally, n, deadline) for n in range(concurrency)))
        return tally, time.perf_counter() - start
