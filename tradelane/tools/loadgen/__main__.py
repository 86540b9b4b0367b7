"""`python -m tradelane.tools.loadgen PLAN.json`: run the plan's scenario, print one JSON result."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any

from tradelane.tools.loadgen.client import closed_loop
from tradelane.tools.loadgen.flash import run_crowd
from tradelane.tools.loadgen.mixes import browsing, checking_out


async def run(plan: dict[str, Any]) -> dict[str, Any]:
    scenario = plan["scenario"]
    if scenario == "flash":
        return await run_crowd(plan)
    base, duration = plan["base_url"], float(plan["duration_s"])
    if scenario == "browse":
        tally, elapsed = await closed_loop(
            base, int(plan["concurrency"]), duration, browsing(plan["paths"])
        )
        return {**tally.summary(elapsed), "concurrency": plan["concurrency"]}
    if scenario == "checkout":
        buyers = plan["buyers"]
        paid = [0] * len(buyers)
        user = checking_out(buyers, plan["listing_ids"], paid)
        tally, elapsed = await closed_loop(base, len(buyers), duration, user)
        return {**tally.summary(elapsed), "concurrency": len(buyers), "checkouts_paid": sum(paid)}
    raise SystemExit(f"unknown scenario {scenario!r}")


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as f:
        plan = json.load(f)
    started = time.process_time()
    result = asyncio.run(run(plan))
    requests = max(1, result["requests"])
    result["client_cpu_ms_per_request"] = round(
        1000 * (time.process_time() - started) / requests, 2
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
