"""Orders that collect AU GST, and delivered legs, for the remittance tests."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.management import call_command

from tests import factories
from tradelane.core import clock
from tradelane.core.money import Money
from tradelane.fulfilment.services.shipments import shipments_open
from tradelane.logistics.models import ShipmentLeg
from tradelane.markets.selectors import market_get
from tradelane.orders.models import Order
from tradelane.orders.services import cart_set_line, checkout_place, checkout_quote
from tradelane.payments import remittance_rules as rules
from tradelane.payments.models import LedgerAccount, Transfer
from tradelane.payments.services.online import payment_confirm, payment_create
from tradelane.payments.services.wallets import topup_create

_seq = itertools.count(1)


def au_gst_order(price: str = "30.00") -> Order:
    """A New Zealand merchant's goods sold on the AU storefront: GST collected, in AUD."""
    seller = factories.merchant("NZ")
    listing = factories.listed(seller, "AU", fixed=price)
    buyer = factories.consumer("AU")
    cart_set_line(consumer=buyer, market_code="AU", listing_id=listing.pk, quantity=1)
    quote = checkout_quote(consumer=buyer, market=market_get("AU"))
    checkout = checkout_place(
        consumer=buyer, quote_id=quote.pk, address_id=factories.address(buyer).pk
    )
    topup_create(
        consumer=buyer,
        amount=Money.of("500", "AUD"),
        funding_source="card_4242",
        request_id=f"gst-{next(_seq)}",
    )
    payment = payment_confirm(
        consumer=buyer, payment_id=payment_create(consumer=buyer, checkout_id=checkout.pk).pk
    )
    assert payment.status == "succeeded", payment.failure_code
    order = checkout.orders.get()
    assert order.tax_minor > 0
    return order


def this_quarter() -> rules.Period:
    local = clock.now().astimezone(ZoneInfo("Australia/Sydney")).date()
    return rules.period_containing(local, "quarter")


def next_period(period: rules.Period) -> rules.Period:
    return rules.period_containing(period.after, period.kind)


def after(period: rules.Period, days: int = 2) -> datetime:
    """A moment safely after the period's end everywhere."""
    return period.bounds("UTC")[1] + timedelta(days=days)


def balance(code: str) -> int:
    account = LedgerAccount.objects.filter(code=code).first()
    return account.credit_balance if account else 0


def moved() -> int:
    return Transfer.objects.count()


def legs_opened(orders: int = 2) -> list[ShipmentLeg]:
    from tests.customs.test_declarations import paid_order

    call_command("load_network", verbosity=0)
    for _ in range(orders):
        paid_order()
    shipments_open()
    return list(ShipmentLeg.objects.select_related("lane", "shipment").order_by("pk"))


def deliver(leg: ShipmentLeg, at: datetime) -> None:
    ShipmentLeg.objects.filter(pk=leg.pk).update(started_at=at - timedelta(hours=5), ended_at=at)
