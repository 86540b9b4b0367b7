from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum

from tests import factories
from tradelane.accounts.models import Consumer
from tradelane.catalog.models import Listing
from tradelane.core import clock
from tradelane.core.clock import ManualClock, use_clock
from tradelane.core.errors import ApplicationError
from tradelane.inventory.models import Reservation, StockItem
from tradelane.markets.selectors import market_get
from tradelane.orders.models import Checkout, CheckoutQuote, Order, OrderLine
from tradelane.orders.services import (
    cart_set_line,
    checkout_place,
    checkout_quote,
    order_set_status,
    orders_expire_unpaid,
)

pytestmark = pytest.mark.django_db


def world() -> dict[str, object]:
    """Everything a refused checkout must leave untouched."""
    return {
        "orders": Order.objects.count(),
        "lines": OrderLine.objects.count(),
        "checkouts": Checkout.objects.count(),
        "reservations": Reservation.objects.filter(status="active").count(),
        "reserved": StockItem.objects.aggregate(s=Sum("reserved"))["s"],
        "on_hand": StockItem.objects.aggregate(s=Sum("on_hand"))["s"],
    }


def cn_cart(*listings_qty: tuple[Listing, int]) -> Consumer:
    buyer = factories.consumer("CN")
    for listing, qty in listings_qty:
        cart_set_line(consumer=buyer, market_code="CN", listing_id=listing.pk, quantity=qty)
    return buyer


def test_quote_groups_per_merchant_with_goods_shipping_and_cbec_tax() -> None:
    honey = factories.listed(factories.merchant("AU"), fixed="199.00", weight_g=600)
    wine = factories.listed(
        factories.merchant("NZ"),
        fixed="268.00",
        weight_g=1500,
        category="wine",
        name_zh="马尔堡黑皮诺红酒",
        hs_code="22042100",
    )
    buyer = cn_cart((honey, 2), (wine, 1))
    quote = checkout_quote(consumer=buyer, market=market_get("CN"))
    groups = {g["merchant_id"]: g for g in quote.snapshot["groups"]}
    honey_group, wine_group = groups[honey.merchant_id], groups[wine.merchant_id]
    assert honey_group["goods_minor"] == 39800
    assert honey_group["shipping_minor"] == 6800 + 3200  # 1.2 kg: first kg + one more
    assert honey_group["tax_minor"] == round((39800 + 10000) * 0.091)
    assert honey_group["settlement_currency"] == "AUD"
    assert wine_group["settlement_currency"] == "NZD"
    assert wine_group["tax"]["regime"] == "cn_cbec"
    assert quote.total_minor == sum(g["total_minor"] for g in groups.values())
    assert quote.currency == "CNY"


def test_place_reserves_stock_and_creates_one_order_per_merchant() -> None:
    a = factories.listed(factories.merchant("AU"), fixed="100.00", stock=5)
    b = factories.listed(factories.merchant("NZ"), fixed="50.00", stock=5)
    buyer = cn_cart((a, 2), (b, 3))
    address = factories.address(buyer)
    quote = checkout_quote(consumer=buyer, market=market_get("CN"))
    checkout = checkout_place(consumer=buyer, quote_id=quote.pk, address_id=address.pk)
    orders = list(checkout.orders.all())
    assert len(orders) == 2
    assert {o.status for o in orders} == {"awaiting_payment"}
    assert checkout.total_minor == quote.total_minor == sum(o.total_minor for o in orders)
    assert StockItem.objects.get(variant=a.variant).reserved == 2
    assert StockItem.objects.get(variant=b.variant).reserved == 3
    assert all(o.history.get().to_status == "awaiting_payment" for o in orders)
    assert not buyer.carts.get().lines.exists()


def test_over_the_per_order_limit_is_refused_before_anything_is_written() -> None:
    listing = factories.listed(factories.merchant(), fixed="2600.00")
    buyer = cn_cart((listing, 2))
    before, quotes = world(), CheckoutQuote.objects.count()
    with pytest.raises(ApplicationError) as refused:
        checkout_quote(consumer=buyer, market=market_get("CN"))
    assert refused.value.code == "cbec_order_limit_exceeded"
    assert world() == before
    assert CheckoutQuote.objects.count() == quotes


def test_out_of_stock_on_place_changes_nothing() -> None:
    plenty = factories.listed(factories.merchant(), fixed="10.00", stock=50)
    scarce = factories.listed(factories.merchant(), fixed="10.00", stock=1)
    buyer = cn_cart((plenty, 3), (scarce, 2))
    address = factories.address(buyer)
    quote = checkout_quote(consumer=buyer, market=market_get("CN"))
    before = world()
    with pytest.raises(ApplicationError) as refused:
        checkout_place(consumer=buyer, quote_id=quote.pk, address_id=address.pk)
    assert refused.value.code == "out_of_stock"
    assert world() == before
    assert buyer.carts.get().lines.count() == 2
    assert CheckoutQuote.objects.get(pk=quote.pk).used_at is None


def test_a_quote_is_used_once_and_expires() -> None:
    listing = factories.listed(factories.merchant(), fixed="10.00")
    buyer = cn_cart((listing, 1))
    address = factories.address(buyer)
    quote = checkout_quote(consumer=buyer, market=market_get("CN"))
    checkout_place(consumer=buyer, quote_id=quote.pk, address_id=address.pk)
    with pytest.raises(ApplicationError) as again:
        checkout_place(consumer=buyer, quote_id=quote.pk, address_id=address.pk)
    assert again.value.code == "quote_already_used"
    cart_set_line(consumer=buyer, market_code="CN", listing_id=listing.pk, quantity=1)
    late = checkout_quote(consumer=buyer, market=market_get("CN"))
    with use_clock(ManualClock(clock.now() + timedelta(hours=1))):
        before = world()
        with pytest.raises(ApplicationError) as expired:
            checkout_place(consumer=buyer, quote_id=late.pk, address_id=address.pk)
        assert expired.value.code == "quote_expired"
        assert world() == before


def test_cart_changed_after_quote_is_refused() -> None:
    listing = factories.listed(factories.merchant(), fixed="10.00")
    buyer = cn_cart((listing, 1))
    address = factories.address(buyer)
    quote = checkout_quote(consumer=buyer, market=market_get("CN"))
    cart_set_line(consumer=buyer, market_code="CN", listing_id=listing.pk, quantity=2)
    before = world()
    with pytest.raises(ApplicationError) as refused:
        checkout_place(consumer=buyer, quote_id=quote.pk, address_id=address.pk)
    assert refused.value.code == "cart_changed"
    assert world() == before


def test_unpaid_orders_expire_and_give_stock_back() -> None:
    listing = factories.listed(factories.merchant(), fixed="10.00", stock=3)
    buyer = cn_cart((listing, 3))
    address = factories.address(buyer)
    quote = checkout_quote(consumer=buyer, market=market_get("CN"))
    checkout = checkout_place(consumer=buyer, quote_id=quote.pk, address_id=address.pk)
    assert orders_expire_unpaid() == 0
    assert orders_expire_unpaid(now=clock.now() + timedelta(minutes=31)) == 1
    order = checkout.orders.get()
    assert order.status == "expired"
    assert [h.to_status for h in order.history.all()] == ["awaiting_payment", "expired"]
    assert StockItem.objects.get(variant=listing.variant).reserved == 0
    checkout.refresh_from_db()
    assert checkout.status == "expired"


def test_illegal_transitions_raise_and_record_nothing() -> None:
    listing = factories.listed(factories.merchant(), fixed="10.00")
    buyer = cn_cart((listing, 1))
    quote = checkout_quote(consumer=buyer, market=market_get("CN"))
    order = checkout_place(
        consumer=buyer, quote_id=quote.pk, address_id=factories.address(buyer).pk
    ).orders.get()
    with pytest.raises(ApplicationError) as refused:
        order_set_status(order_id=order.pk, to_status="delivered", actor="test")
    assert refused.value.code == "illegal_order_transition"
    assert order.history.count() == 1


def test_an_order_too_heavy_for_one_post_parcel_is_refused_at_the_quote() -> None:
    """The posts take at most 22 kg a parcel. Two 11.76 kg cartons of cherries could neither
    be booked with the post nor, delivered by other means, sent back: the quote says so and
    nothing is written; 22 kg exactly is one parcel."""
    cherries = factories.listed(factories.merchant("AU"), "AU", fixed="89.00", weight_g=11_760)
    buyer = factories.consumer("AU")
    cart_set_line(consumer=buyer, market_code="AU", listing_id=cherries.pk, quantity=2)
    before, quotes = world(), CheckoutQuote.objects.count()
    with pytest.raises(ApplicationError) as refused:
        checkout_quote(consumer=buyer, market=market_get("AU"))
    assert refused.value.code == "parcel_too_heavy"
    assert "22 kg" in str(refused.value)
    assert refused.value.extra == {"weight_g": 23_520, "max_weight_g": 22_000}
    assert (world(), CheckoutQuote.objects.count()) == (before, quotes)
    flour = factories.listed(factories.merchant("AU"), "AU", fixed="30.00", weight_g=11_000)
    cart_set_line(consumer=buyer, market_code="AU", listing_id=cherries.pk, quantity=0)
    cart_set_line(consumer=buyer, market_code="AU", listing_id=flour.pk, quantity=2)
    assert checkout_quote(consumer=buyer, market=market_get("AU")).snapshot["groups"]


def test_domestic_and_gst_markets() -> None:
    au_seller = factories.merchant("AU")
    nz_seller = factories.merchant("NZ")
    domestic = factories.listed(au_seller, "AU", fixed="30.00")
    imported = factories.listed(nz_seller, "AU", fixed="30.00")
    buyer = factories.consumer("AU")
    for listing in (domestic, imported):
        cart_set_line(consumer=buyer, market_code="AU", listing_id=listing.pk, quantity=1)
    quote = checkout_quote(consumer=buyer, market=market_get("AU"))
    groups = {g["merchant_id"]: g for g in quote.snapshot["groups"]}
    assert groups[au_seller.pk]["tax"]["treatment"] == "domestic_sale"
    assert groups[au_seller.pk]["tax_minor"] == 0
    nz = groups[nz_seller.pk]
    assert nz["tax"]["payable_to"] == "Australian Taxation Office"
    assert nz["tax_minor"] == int(
        (Decimal(nz["goods_minor"] + nz["shipping_minor"]) * Decimal("0.1")).quantize(Decimal(1))
    )
