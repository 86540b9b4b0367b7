"""Paid orders on the AU/NZ/SG/MY storefronts for the national-post tests."""

from __future__ import annotations

from tests import factories
from tradelane.accounts.services import address_add
from tradelane.core.money import Money
from tradelane.markets.selectors import market_get
from tradelane.orders.models import Order
from tradelane.orders.services import cart_set_line, checkout_place, checkout_quote
from tradelane.payments.services.online import payment_confirm, payment_create
from tradelane.payments.services.wallets import topup_create

ADDRESSES = {
    "AU": ("VIC", "Melbourne", "3000"),
    "NZ": ("Auckland", "Auckland", "1010"),
    "SG": ("Singapore", "Singapore", "018956"),
    "MY": ("Kuala Lumpur", "Kuala Lumpur", "50450"),
}
CURRENCY = {"AU": "AUD", "NZ": "NZD", "SG": "SGD", "MY": "MYR"}


def placed_order(market: str = "AU", merchant_country: str = "AU", **address: str) -> Order:
    merchant = factories.merchant(merchant_country)
    listing = factories.listed(merchant, market, fixed="30.00", stock=10)
    buyer = factories.consumer(market)
    province, city, postcode = ADDRESSES[market]
    where = address_add(
        consumer=buyer,
        recipient="Sam Lee",
        phone="0412 345 678" if market == "AU" else "021 555 0101",
        country=market,
        province=address.get("province", province),
        city=address.get("city", city),
        line1="1 Collins St",
        postcode=address.get("postcode", postcode),
    )
    cart_set_line(consumer=buyer, market_code=market, listing_id=listing.pk, quantity=2)
    quote = checkout_quote(consumer=buyer, market=market_get(market))
    checkout = checkout_place(consumer=buyer, quote_id=quote.pk, address_id=where.pk)
    return checkout.orders.get()


def paid_order(market: str = "AU", merchant_country: str = "AU", **address: str) -> Order:
    """Paid from the buyer's wallet, in the market's currency."""
    order = placed_order(market, merchant_country, **address)
    buyer = order.consumer
    topup_create(
        consumer=buyer,
        amount=Money.of("500", CURRENCY[market]),
        funding_source="card_4242",
        request_id=f"fund-{order.number}",
    )
    payment = payment_confirm(
        consumer=buyer,
        payment_id=payment_create(consumer=buyer, checkout_id=order.checkout_id).pk,
    )
    assert payment.status == "succeeded", payment.failure_code
    order.refresh_from_db()
    return order
