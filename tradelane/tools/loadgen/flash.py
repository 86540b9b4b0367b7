"""The flash sale: an open-loop crowd. Every buyer arrives at its own moment, spread evenly over
the arrival window, and sends one claim; at most `connections` claims are in flight (the
client's pool, like the connection limit of a proxy in front). A buyer's latency is measured
from sending on a free connection; its wait for that connection is recorded beside it, and
arrival-to-answer is reported too."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from tradelane.tools.loadgen.client import make_client, timed
from tradelane.tools.loadgen.stats import Tally, percentile


@dataclass
class Crowd:
    tally: Tally = field(default_factory=Tally)
    buyer_ms: list[float] = field(default_factory=list)  # arrival to answer
    claimed_at: list[float] = field(default_factory=list)  # seconds after the first arrival
    answered_at: list[float] = field(default_factory=list)


async def _buyer(
    client: aiohttp.ClientSession,
    crowd: Crowd,
    gate: asyncio.Semaphore,
    request: tuple[str, str],
    token: str,
    start: float,
    arrival: float,
) -> None:
    await asyncio.sleep(max(0.0, start + arrival - time.perf_counter()))
    arrived = time.perf_counter()
    async with gate:
        crowd.tally.waits_ms.append(1000 * (time.perf_counter() - arrived))
        method, url = request
        response = await timed(
            client,
            crowd.tally,
            method,
            url,
            expect=(200, 201, 409),  # 409 is sold_out: an answer, not an error
            json={"quantity": 1} if method == "POST" else None,
            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": uuid.uuid4().hex},
        )
    now = time.perf_counter()
    crowd.buyer_ms.append(1000 * (now - arrived))
    crowd.answered_at.append(now - start)
    if response is not None and response.status_code == 201:
        crowd.claimed_at.append(now - start)


async def run_crowd(plan: dict[str, Any]) -> dict[str, Any]:
    tokens: list[str] = plan["tokens"]
    connections, window = int(plan["connections"]), float(plan["arrival_s"])
    # The same crowd against another URL (GET /healthz) is the floor of the same run.
    request = (
        plan.get("method", "POST"),
        plan.get("url") or f"/api/v1/flash-sales/{plan['flash_sale_id']}/claims",
    )
    crowd, gate = Crowd(), asyncio.Semaphore(connections)
    async with make_client(plan["base_url"], connections) as client:
        start = time.perf_counter()
        step = window / max(1, len(tokens))
        await asyncio.gather(
            *(
                _buyer(client, crowd, gate, request, t, start, i * step)
                for i, t in enumerate(tokens)
            )
        )
        elapsed = time.perf_counter() - start
    return {
        **crowd.tally.summary(elapsed),
        "buyers": len(tokens),
        "connections": connections,
        "arrival_s": window,
        "claimed": len(crowd.claimed_at),
        "sold_out_s": round(max(crowd.claimed_at, default=0.0), 3),
        "all_answered_s": round(max(crowd.answered_at, default=0.0), 3),
        "buyer_p50_ms": round(percentile(crowd.buyer_ms, 0.50), 2),
        "buyer_p99_ms": round(percentile(crowd.buyer_ms, 0.99), 2),
    }
