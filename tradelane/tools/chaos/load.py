"""The load: one client thread per consumer, each looping over a mix of money operations
through the public API until the deadline:

- checkout: cart line, quote, place, create the payment, confirm it (place, create and confirm
  each with its own Idempotency-Key);
- till: the consumer's wallet issues a payment code, the shop's till charges it;
- top-up of the consumer's wallet;
- refunds: the merchant refunds part or all of an order the client saw paid; the till refunds
  part of a till payment it saw succeed.

Every money request carries an Idempotency-Key and is retried with the same key and body after
a timeout, a dropped connection, a 5xx, a 429 or a 409 `idempotency_in_progress`, at most
`MAX_ATTEMPTS` times with a growing pause; every attempt goes to the client log. The clients
hold the tokens and keys they were given at set-up and never sign in, so a rate limit on
sign-in never sees them.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from tradelane.tools.chaos.clientlog import ERROR, OK, Attempt, ClientLog, classify

MAX_ATTEMPTS = 5
REQUEST_TIMEOUT_S = 10.0
THINK_S = 0.05
# The mix: relative weights of each kind of operation.
MIX = (("checkout", 5), ("till", 3), ("topup", 2), ("refund", 2))


@dataclass(frozen=True)
class Cast:
    """Who the load acts as: consumers (token, address), the merchants' API keys by merchant
    id, the till's key, and what they buy."""

    consumers: list[dict[str, Any]]  # {"id", "token", "address_id"}
    merchant_keys: dict[str, str]  # merchant name (as orders show it) -> tlk_ key
    shop_key: str
    shop_id: int
    listing_ids: list[int]
    topup_currency: str = "CNY"


@dataclass
class Answer:
    outcome: str
    status: int | None
    body: Any = None
    error: str = ""


def _error_code(body: Any) -> str:
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return str(body["error"].get("code", ""))
    return ""


def send(client: httpx.Client, method: str, path: str, token: str, **kwargs: Any) -> Answer:
    """One request; never raises for what the network or the server does."""
    headers = {"Authorization": f"Bearer {token}", **kwargs.pop("headers", {})}
    try:
        response = client.request(method, path, headers=headers, **kwargs)
    except httpx.TimeoutException:
        return Answer(ERROR, None, error="timeout")
    except httpx.TransportError as exc:
        return Answer(ERROR, None, error=f"transport:{type(exc).__name__}")
    try:
        body = response.json()
    except ValueError:
        body = None
    code = _error_code(body)
    return Answer(classify(response.status_code, code), response.status_code, body, code)


def backoff(attempt: int, rng: random.Random) -> float:
    return min(3.0, 0.25 * 2 ** (attempt - 1)) * (0.5 + rng.random())


@dataclass
class Request:
    """A money request as the client keeps it to retry (and the harness to replay)."""

    op: str
    method: str
    path: str
    body: dict[str, Any] | None
    credential: str
    token: str
    key: str = field(default_factory=lambda: uuid.uuid4().hex)
    amount_minor: int | None = None
    currency: str = ""
    ref: str = ""


def perform(
    client: httpx.Client,
    log: ClientLog,
    req: Request,
    rng: random.Random,
    *,
    phase: str = "load",
    first_attempt: int = 1,
    attempts: int = MAX_ATTEMPTS,
    stop: Callable[[], bool] = lambda: False,
) -> Answer:
    """Send `req` until a definitive answer or `attempts` tries; log every attempt."""
    answer = Answer(ERROR, None, error="not sent")
    for n in range(first_attempt, first_attempt + attempts):
        answer = send(
            client,
            req.method,
            req.path,
            req.token,
            json=req.body,
            headers={"Idempotency-Key": req.key},
        )
        body = answer.body if isinstance(answer.body, dict) else {}
        log.write(
            Attempt(
                op=req.op,
                key=req.key,
                attempt=n,
                outcome=answer.outcome,
                status=answer.status,
                error=answer.error,
                id=str(body.get("id", "")) if answer.outcome == OK else "",
                result_status=str(body.get("status", "")) if answer.outcome == OK else "",
                amount_minor=req.amount_minor,
                currency=req.currency,
                ref=req.ref,
                credential=req.credential,
                method=req.method,
                path=req.path,
                body=req.body,
                phase=phase,
                at=time.time(),
            )
        )
        if answer.outcome != ERROR or n == first_attempt + attempts - 1 or stop():
            break
        time.sleep(backoff(n - first_attempt + 1, rng))
    return answer


def _plain(
    client: httpx.Client, method: str, path: str, token: str, rng: random.Random, **kw: Any
) -> Answer:
    """A request that moves no money (cart line, quote, payment code): retried, not logged."""
    answer = Answer(ERROR, None)
    for n in range(1, 4):
        answer = send(client, method, path, token, **kw)
        if answer.outcome != ERROR:
            break
        time.sleep(backoff(n, rng))
    return answer


@dataclass
class Tally:
    started: dict[str, int] = field(default_factory=dict)
    aborted_before_money: int = 0

    def count(self, kind: str) -> None:
        self.started[kind] = self.started.get(kind, 0) + 1


class Shopper(threading.Thread):
    """One consumer's client: its own connection pool, its own cart, its own paid orders."""

    def __init__(
        self,
        n: int,
        base_url: str,
        cast: Cast,
        log: ClientLog,
        deadline: float,
        stop: threading.Event,
        tally: Tally,
        seed: int,
    ) -> None:
        super().__init__(name=f"chaos-shopper-{n}", daemon=True)
        self.me = cast.consumers[n]
        self.cast, self.log, self.deadline, self.stopped = cast, log, deadline, stop
        self.base_url, self.tally = base_url, tally
        self.rng = random.Random(seed * 1000 + n)
        self.paid_orders: list[dict[str, Any]] = []  # {"number", "merchant", "total_minor"}
        self.till_payments: list[tuple[str, int]] = []
        self.failure: str = ""

    @property
    def token(self) -> str:
        return str(self.me["token"])

    @property
    def credential(self) -> str:
        return f"consumer:{self.me['id']}"

    def _over(self) -> bool:
        return self.stopped.is_set() or time.monotonic() >= self.deadline

    def run(self) -> None:
        kinds = [kind for kind, _ in MIX]
        weights = [weight for _, weight in MIX]
        with httpx.Client(
            base_url=self.base_url,
            timeout=REQUEST_TIMEOUT_S,
            headers={"User-Agent": "tradelane-chaos"},
        ) as client:
            while not self._over():
                kind = self.rng.choices(kinds, weights)[0]
                if kind == "refund" and not (self.paid_orders or self.till_payments):
                    kind = "topup"
                self.tally.count(kind)
                try:
                    getattr(self, f"_{kind}")(client)
                except Exception as exc:  # a bug in the client must not look like a pass
                    self.failure = f"{type(exc).__name__}: {exc}"
                    raise
                time.sleep(THINK_S)

    def _perform(self, client: httpx.Client, req: Request) -> Answer:
        return perform(client, self.log, req, self.rng, stop=self.stopped.is_set)

    def _topup(self, client: httpx.Client) -> None:
        minor = self.rng.choice((5000, 10000, 20000))
        body = {
            "amount": f"{minor // 100}.{minor % 100:02d}",
            "currency": self.cast.topup_currency,
            "funding_source": "card_4242",
        }
        self._perform(
            client,
            Request(
                "topup",
                "POST",
                "/api/v1/wallet/topups",
                body,
                self.credential,
                self.token,
                amount_minor=minor,
                currency=self.cast.topup_currency,
            ),
        )

    def _checkout(self, client: httpx.Client) -> None:
        listing = self.rng.choice(self.cast.listing_ids)
        line = {"listing_id": listing, "quantity": 1}
        cart = _plain(client, "PUT", "/api/v1/cart/CN/lines", self.token, self.rng, json=line)
        quote = _plain(
            client,
            "POST",
            f"/api/v1/checkout/CN/quote?address_id={self.me['address_id']}",
            self.token,
            self.rng,
        )
        if cart.outcome != OK or quote.outcome != OK:
            self.tally.aborted_before_money += 1
            return
        placed = self._perform(
            client,
            Request(
                "place",
                "POST",
                "/api/v1/checkout/place",
                {"quote_id": quote.body["id"], "address_id": self.me["address_id"]},
                self.credential,
                self.token,
            ),
        )
        if placed.outcome != OK:
            return
        checkout = placed.body
        made = self._perform(
            client,
            Request(
                "pay_create",
                "POST",
                "/api/v1/payments",
                {"checkout_id": checkout["id"]},
                self.credential,
                self.token,
                ref=str(checkout["id"]),
            ),
        )
        if made.outcome != OK:
            return
        confirmed = self._perform(
            client,
            Request(
                "pay_confirm",
                "POST",
                f"/api/v1/payments/{made.body['id']}/confirm",
                None,
                self.credential,
                self.token,
                ref=str(made.body["id"]),
            ),
        )
        if confirmed.outcome == OK and confirmed.body.get("status") == "succeeded":
            self.paid_orders += [
                {"number": o["number"], "merchant": o["merchant"], "total": o["total"]}
                for o in checkout["orders"]
            ]

    def _till(self, client: httpx.Client) -> None:
        code = _plain(client, "POST", "/api/v1/wallet/codes", self.token, self.rng)
        if code.outcome != OK:
            self.tally.aborted_before_money += 1
            return
        minor = self.rng.choice((350, 1250, 2990))
        charged = self._perform(
            client,
            Request(
                "till_charge",
                "POST",
                "/api/v1/till/payments",
                {"code": code.body["code"], "amount": f"{minor // 100}.{minor % 100:02d}"},
                f"shop:{self.cast.shop_id}",
                self.cast.shop_key,
                amount_minor=minor,
                currency="AUD",
            ),
        )
        if charged.outcome == OK and charged.body.get("status") == "succeeded":
            self.till_payments.append((str(charged.body["id"]), minor))

    def _refund(self, client: httpx.Client) -> None:
        if self.till_payments and (not self.paid_orders or self.rng.random() < 0.4):
            payment_id, paid = self.till_payments.pop(self.rng.randrange(len(self.till_payments)))
            minor = max(1, paid // 2)
            self._perform(
                client,
                Request(
                    "till_refund",
                    "POST",
                    f"/api/v1/till/payments/{payment_id}/refunds",
                    {"amount": f"{minor // 100}.{minor % 100:02d}"},
                    f"shop:{self.cast.shop_id}",
                    self.cast.shop_key,
                    amount_minor=minor,
                    currency="AUD",
                    ref=payment_id,
                ),
            )
            return
        order = self.paid_orders.pop(self.rng.randrange(len(self.paid_orders)))
        body: dict[str, Any] = {"reason": "before_shipping"}
        part: int | None = None
        if self.rng.random() < 0.5:
            part = 100
            body["amount"] = "1.00"
        key = self.cast.merchant_keys.get(order["merchant"], "")
        self._perform(
            client,
            Request(
                "order_refund",
                "POST",
                f"/api/v1/merchant/orders/{order['number']}/refunds",
                body,
                f"merchant:{order['merchant']}",
                key,
                amount_minor=part,
                currency=str(order["total"]["currency"]),
                ref=order["number"],
            ),
        )


def replay_unknown(
    base_url: str, log: ClientLog, tokens: dict[str, str], rng: random.Random
) -> tuple[int, int]:
    """Send every operation whose outcome the client never learned again, with its key and
    body, until a definitive answer (at most `MAX_ATTEMPTS` more). Returns (replayed, settled)."""
    from tradelane.tools.chaos.clientlog import operations

    replayed = settled = 0
    with httpx.Client(base_url=base_url, timeout=REQUEST_TIMEOUT_S) as client:
        for op in operations(list(log.attempts)):
            if not op.unknown_after_load:
                continue
            first = op.attempts[0]
            req = Request(
                op.op,
                first.method,
                first.path,
                first.body,
                first.credential,
                tokens.get(first.credential, ""),
                key=op.key,
                amount_minor=first.amount_minor,
                currency=first.currency,
                ref=first.ref,
            )
            answer = perform(
                client, log, req, rng, phase="replay", first_attempt=len(op.attempts) + 1
            )
            replayed += 1
            settled += answer.outcome != ERROR
    return replayed, settled
