"""A simulated shopper's visit, through the same services the storefront calls: browse, fill
the cart, quote, place, and pay: from the wallet (topped up when short) where the market's
currency has one, else by card through the acquirer, with its 3-D Secure challenges and
declines. Refusals are outcomes, not failures: the simulation counts them by code."""

from __future__ import annotations

import random
from dataclasses import dataclass

from tradelane.accounts.models import Address, Consumer
from tradelane.catalog.selectors import storefront_search, visible_listings
from tradelane.core import clock
from tradelane.core.errors import ApplicationError
from tradelane.core.money import Money, minor_units
from tradelane.markets.models import Market
from tradelane.orders.models import CartLine, Checkout
from tradelane.orders.services import cart_set_line, checkout_place, checkout_quote
from tradelane.payments.card_models import CardIntentStatus
from tradelane.payments.cards.rules import CardForm
from tradelane.payments.cards.services import (
    card_intent_authenticate,
    card_intent_confirm,
    card_intent_create,
)
from tradelane.payments.partners.acquirer.client import DECLINES, THREE_D_SECURE
from tradelane.payments.services.online import payment_confirm, payment_create
from tradelane.payments.services.wallets import WALLET_CURRENCIES, topup_create, wallet_for

SEARCHES = {
    "CN": ("奶粉", "红酒", "蜂蜜", "牛肉", "三文鱼", "奶酪", "面霜", "保健品"),
    "AU": ("honey", "wine", "beef", "cheese", "salmon", "cream"),
    "NZ": ("honey", "wine", "lamb", "cheese", "salmon", "formula"),
    "SG": ("formula", "honey", "wine", "cream", "vitamins"),
    "MY": ("formula", "honey", "cream", "vitamins", "manuka"),
}
SHOPPER_DECLINES = {"generic_decline": 0.03, "insufficient_funds": 0.02}  # not typing mistakes
# The simulated acquirer's test cards (payments.partners.acquirer.client) and how often
# shoppers present each: most cards go straight through, some issuers ask for 3-D Secure,
# a few decline.
CARDS: tuple[tuple[str, float], ...] = (
    ("4242424242424242", 0.80),  # approved
    (THREE_D_SECURE, 0.15),
    *(
        (number, SHOPPER_DECLINES[code])
        for number, (code, _) in DECLINES.items()
        if code in SHOPPER_DECLINES
    ),
)
CHALLENGE_PASS_SHARE = 0.95  # shoppers who complete their bank's challenge


@dataclass
class Shelf:
    """What one market's storefront offers, split the way shoppers look for it."""

    fresh: list[int]
    other: list[int]

    def pick(self, rng: random.Random, fresh: bool) -> int | None:
        pool = self.fresh if fresh and self.fresh else self.other or self.fresh
        return rng.choice(pool) if pool else None


def shelves(markets: list[str]) -> dict[str, Shelf]:
    """Fresh goods reach China only from bonded stock, so the China storefront's Fresh Food
    Week shelf is what its bonded warehouses hold; other goods are the whole listing."""
    out = {}
    for code in markets:
        listings = visible_listings(code)
        fresh = listings.exclude(product__temperature_class="ambient")
        if code == "CN":
            fresh = fresh.filter(
                variant__stock__location__kind="bonded_warehouse", variant__stock__on_hand__gt=0
            )
        out[code] = Shelf(
            fresh=sorted(set(fresh.values_list("pk", flat=True))),
            other=list(
                listings.filter(product__temperature_class="ambient")
                .order_by("pk")
                .values_list("pk", flat=True)
            ),
        )
    return out


@dataclass
class Shopper:
    consumer: Consumer
    address_id: int


def shoppers(market: str) -> list[Shopper]:
    addresses = dict(
        Address.objects.filter(consumer__market_id=market, is_default=True).values_list(
            "consumer_id", "pk"
        )
    )
    people = Consumer.objects.filter(market_id=market, pk__in=addresses).select_related("market")
    return [Shopper(c, addresses[c.pk]) for c in people.order_by("pk")]


@dataclass
class Visit:
    market: str
    outcome: str  # browsed | refused | paid | payment_failed
    code: str = ""
    orders: int = 0
    fresh: bool = False
    method: str = ""  # wallet | card, once the shopper reached payment


def _fill_cart(
    rng: random.Random, who: Shopper, market: str, shelf: Shelf, fresh: bool, max_lines: int
) -> int:
    CartLine.objects.filter(cart__consumer=who.consumer, cart__market_id=market).delete()
    chosen = {shelf.pick(rng, fresh) for _ in range(rng.randint(1, max_lines))}
    for listing_id in sorted(pk for pk in chosen if pk is not None):
        cart_set_line(
            consumer=who.consumer,
            market_code=market,
            listing_id=listing_id,
            quantity=rng.choice((1, 1, 1, 2)),
        )
    return len(chosen)


def _top_up_for(who: Shopper, amount: Money, reference: str) -> None:
    wallet = wallet_for(who.consumer, amount.currency)
    short = amount.minor - wallet.account.credit_balance
    if short > 0:
        # Shoppers top up in round amounts, a little more than they need.
        step = 100 * 10 ** minor_units(amount.currency)
        rounded = (short // step + 1) * step
        topup_create(
            consumer=who.consumer,
            amount=Money.from_minor(rounded, amount.currency),
            funding_source="card_4242",
            request_id=f"sim:{reference}",
        )


def visit(
    rng: random.Random,
    who: Shopper,
    market: Market,
    shelf: Shelf,
    *,
    buy_share: float,
    fresh_share: float,
    max_lines: int,
) -> Visit:
    code = market.code
    storefront_search(market_code=code, query=rng.choice(SEARCHES.get(code, ("honey",))))
    if rng.random() >= buy_share:
        return Visit(code, "browsed")
    fresh = rng.random() < fresh_share
    try:
        if not _fill_cart(rng, who, code, shelf, fresh, max_lines):
            return Visit(code, "browsed")
        quote = checkout_quote(consumer=who.consumer, market=market, address_id=who.address_id)
        checkout = checkout_place(
            consumer=who.consumer, quote_id=quote.pk, address_id=who.address_id
        )
    except ApplicationError as refusal:
        return Visit(code, "refused", code=refusal.code, fresh=fresh)
    if checkout.currency in WALLET_CURRENCIES:
        method, failure = "wallet", _pay_from_wallet(who, checkout)
    else:
        method, failure = "card", _pay_by_card(rng, who, checkout)
    if failure:
        return Visit(code, "payment_failed", code=failure, fresh=fresh, method=method)
    return Visit(code, "paid", orders=checkout.orders.count(), fresh=fresh, method=method)


def _pay_from_wallet(who: Shopper, checkout: Checkout) -> str:
    """The failure code, or "" when paid."""
    total = Money.from_minor(checkout.total_minor, checkout.currency)
    _top_up_for(who, total, f"checkout:{checkout.pk}")
    payment = payment_confirm(
        consumer=who.consumer,
        payment_id=payment_create(consumer=who.consumer, checkout_id=checkout.pk).pk,
    )
    return "" if payment.status == "succeeded" else payment.failure_code


def _pay_by_card(rng: random.Random, who: Shopper, checkout: Checkout) -> str:
    """The checkout page's card form, as a shopper fills it: the failure code, or "" when
    paid. A declined shopper leaves; the checkout expires and gives its stock back."""
    card = CardForm(
        number=rng.choices([n for n, _ in CARDS], [w for _, w in CARDS])[0],
        exp_month="12",
        exp_year=str(clock.now().year + 3),
        cvc="123",
        name=who.consumer.display_name,
    )
    intent = card_intent_create(
        consumer=who.consumer, checkout_id=checkout.pk, idempotency_key=f"sim:{checkout.pk}"
    )
    intent = card_intent_confirm(consumer=who.consumer, intent_id=intent.pk, card=card)
    if intent.status == CardIntentStatus.REQUIRES_ACTION:
        intent = card_intent_authenticate(
            consumer=who.consumer,
            intent_id=intent.pk,
            challenge_id=intent.challenge_id,
            passed=rng.random() < CHALLENGE_PASS_SHARE,
        )
    return "" if intent.status == CardIntentStatus.SUCCEEDED else intent.failure_code
