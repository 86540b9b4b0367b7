"""Campaign test data through the real services."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from tests import factories
from tradelane.accounts.models import Consumer
from tradelane.campaigns.models import Campaign, FlashSale
from tradelane.campaigns.services import campaign_opt_in, flash_sale_create
from tradelane.catalog.models import Listing
from tradelane.core import clock
from tradelane.core.money import Money
from tradelane.markets.selectors import market_get
from tradelane.merchants.models import Merchant
from tradelane.orders.models import Checkout, CheckoutQuote
from tradelane.orders.services import cart_set_line, checkout_place, checkout_quote
from tradelane.payments.services.online import payment_confirm, payment_create
from tradelane.payments.services.wallets import topup_create


def campaign(*merchants: Merchant, percent: str = "20", hours: int = 24, **kw: Any) -> Campaign:
    """A scheduled campaign open from an hour ago for `hours`, the merchants opted in."""
    now = clock.now()
    made = Campaign.objects.create(
        code=kw.pop("code", f"test-{Campaign.objects.count() + 1}"),
        name_en="Test Week",
        name_zh_hans="测试周",
        headline_en="Test headline",
        headline_zh_hans="测试标题",
        starts_at=kw.pop("starts_at", now - timedelta(hours=1)),
        ends_at=kw.pop("ends_at", now + timedelta(hours=hours)),
        status=kw.pop("status", "scheduled"),
        percent_off=Decimal(percent),
        created_at=now,
        **kw,
    )
    for m in merchants:
        campaign_opt_in(code=made.code, merchant=m, actor="operator:1")
    return made


def flash(
    c: Campaign, listing: Listing, *, price: str = "10.00", units: int = 5, limit: int = 2
) -> FlashSale:
    return flash_sale_create(
        code=c.code,
        listing=listing,
        price=Money.of(price, listing.currency),
        units=units,
        per_buyer_limit=limit,
        starts_at=c.starts_at,
        ends_at=c.ends_at,
    )


def quote(
    buyer: Consumer, *lines: tuple[Listing, int], voucher: str | None = None
) -> CheckoutQuote:
    for listing, quantity in lines:
        cart_set_line(
            consumer=buyer, market_code=listing.market_id, listing_id=listing.pk, quantity=quantity
        )
    return checkout_quote(
        consumer=buyer, market=market_get(lines[0][0].market_id), voucher_code=voucher
    )


def place(buyer: Consumer, q: CheckoutQuote) -> Checkout:
    return checkout_place(consumer=buyer, quote_id=q.pk, address_id=factories.address(buyer).pk)


def pay(buyer: Consumer, checkout: Checkout) -> None:
    topup_create(
        consumer=buyer,
        amount=Money.of("5000", checkout.currency),
        funding_source="card_4242",
        request_id=f"fund-{checkout.pk}",
    )
    payment_confirm(
        consumer=buyer, payment_id=payment_create(consumer=buyer, checkout_id=checkout.pk).pk
    )


def at(moment: datetime) -> clock.ManualClock:
    return clock.ManualClock(moment)
