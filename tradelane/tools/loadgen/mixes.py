"""The steady mixes: the health floor, browsing (storefront pages and API), and checkout
(cart line, quote, place, pay, confirm) as signed-in consumers with wallet funds."""

from __future__ import annotations

import time
import uuid
from typing import Any

import aiohttp

from tradelane.tools.loadgen.client import User, timed
from tradelane.tools.loadgen.stats import Tally


def browsing(paths: list[str]) -> User:
    """Each user walks the list from its own starting point, so all paths stay in the mix."""

    async def user(client: aiohttp.ClientSession, tally: Tally, n: int, deadline: float) -> None:
        i = n
        while time.perf_counter() < deadline:
            await timed(client, tally, "GET", paths[i % len(paths)])
            i += 1

    return user


def _auth(token: str, key: bool = False) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {token}"}
    if key:
        headers["Idempotency-Key"] = uuid.uuid4().hex
    return headers


async def _one_checkout(
    client: aiohttp.ClientSession, tally: Tally, buyer: dict[str, Any], listing_id: int
) -> bool:
    """One purchase through the public API; False as soon as a step is refused."""
    token, address_id = buyer["token"], buyer["address_id"]
    line = {"listing_id": listing_id, "quantity": 1}
    if not await timed(
        client, tally, "PUT", "/api/v1/cart/CN/lines", json=line, headers=_auth(token)
    ):
        return False
    quote = await timed(
        client,
        tally,
        "POST",
        f"/api/v1/checkout/CN/quote?address_id={address_id}",
        expect=(201,),
        headers=_auth(token),
    )
    if quote is None or quote.status_code != 201:
        return False
    placed = await timed(
        client,
        tally,
        "POST",
        "/api/v1/checkout/place",
        expect=(201,),
        headers=_auth(token, key=True),
        json={"quote_id": quote.json()["id"], "address_id": address_id},
    )
    if placed is None or placed.status_code != 201:
        return False
    payment = await timed(
        client,
        tally,
        "POST",
        "/api/v1/payments",
        expect=(201,),
        headers=_auth(token, key=True),
        json={"checkout_id": placed.json()["id"]},
    )
    if payment is None or payment.status_code != 201:
        return False
    confirmed = await timed(
        client,
        tally,
        "POST",
        f"/api/v1/payments/{payment.json()['id']}/confirm",
        headers=_auth(token, key=True),
    )
    return (
        confirmed is not None
        and confirmed.status_code == 200
        and confirmed.json()["status"] == "succeeded"
    )


def checking_out(buyers: list[dict[str, Any]], listing_ids: list[int], paid: list[int]) -> User:
    """User n is buyer n (a cart is one consumer's), buying one listing per checkout."""

    async def user(client: aiohttp.ClientSession, tally: Tally, n: int, deadline: float) -> None:
        buyer, i = buyers[n], n
        while time.perf_counter() < deadline:
            if await _one_checkout(client, tally, buyer, listing_ids[i % len(listing_ids)]):
                paid[n] += 1
            i += 1

    return user
