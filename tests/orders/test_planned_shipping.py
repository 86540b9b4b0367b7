"""With the partner network loaded, a China quote charges the route planner's estimate to the
delivery province; a place to another province is refused and changes nothing."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from tests import factories
from tradelane.accounts.services import address_add
from tradelane.core import clock
from tradelane.core.errors import RuleViolation
from tradelane.inventory.models import Reservation
from tradelane.logistics.selectors import PLANNING_CURRENCY, planning_network, route_estimate
from tradelane.markets.selectors import fx_mid_rate, market_get
from tradelane.orders.models import Order
from tradelane.orders.services import cart_set_line, checkout_place, checkout_quote

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def network() -> None:
    call_command("load_network", verbosity=0)


def buyer_with(province: str):
    buyer = factories.consumer("CN")
    address = address_add(
        consumer=buyer, recipient="王芳", phone="13800138000", country="CN",
        province=province, city="某市", line1="人民路 1 号", is_default=True,
    )  # fmt: skip
    return buyer, address


def test_the_quote_charges_the_planned_route_to_the_buyers_province() -> None:
    merchant = factories.merchant()
    honey = factories.listed(merchant, fixed="100.00", weight_g=800)
    buyer, _ = buyer_with("四川")
    cart_set_line(consumer=buyer, market_code="CN", listing_id=honey.pk, quantity=1)
    quote = checkout_quote(consumer=buyer, market=market_get("CN"))
    expected = route_estimate(
        planning_network(),
        origin="AU-NSW",
        province_node="CN-SC",
        temperature_class="ambient",
        weight_g=800,
        customs_mode="9610",
        to_market=fx_mid_rate(PLANNING_CURRENCY, "CNY", clock.now()).rate,
        market_currency="CNY",
    )
    assert quote.snapshot["shipping_minor"] == expected.price.minor
    assert Decimal(0) < expected.price.amount < Decimal(200)


def test_placing_to_another_province_than_quoted_is_refused_and_changes_nothing() -> None:
    honey = factories.listed(factories.merchant(), fixed="100.00")
    buyer, _ = buyer_with("广东")
    cart_set_line(consumer=buyer, market_code="CN", listing_id=honey.pk, quantity=1)
    quote = checkout_quote(consumer=buyer, market=market_get("CN"))
    elsewhere = address_add(
        consumer=buyer, recipient="王芳", phone="13800138000", country="CN",
        province="新疆", city="乌鲁木齐", line1="人民路 2 号",
    )  # fmt: skip
    with pytest.raises(RuleViolation) as refused:
        checkout_place(consumer=buyer, quote_id=quote.pk, address_id=elsewhere.pk)
    assert refused.value.code == "quote_for_another_address"
    assert not Order.objects.exists()
    assert not Reservation.objects.exists()
    quote.refresh_from_db()
    assert quote.used_at is None  # the quote can still be used for the address it priced
    far = checkout_quote(consumer=buyer, market=market_get("CN"), address_id=elsewhere.pk)
    assert far.snapshot["shipping_minor"] > quote.snapshot["shipping_minor"]
    assert (
        checkout_place(consumer=buyer, quote_id=far.pk, address_id=elsewhere.pk).orders.count() == 1
    )


def test_goods_no_route_can_carry_are_refused_at_the_quote() -> None:
    from tests.customs.helpers import bonded_warehouse
    from tradelane.customs.models import ExportPermit
    from tradelane.inventory.services import stock_set
    from tradelane.orders.models import CheckoutQuote

    merchant = factories.merchant()
    ExportPermit.objects.create(
        merchant=merchant, category="meat_seafood", authority="DAFF", number="P9",
        valid_until=clock.today().replace(year=clock.today().year + 1), created_at=clock.now(),
    )  # fmt: skip
    beef = factories.listed(
        merchant, fixed="300.00", hs_code="02023000", category="meat_seafood",
        temperature_class="frozen", stock=0,
    )  # fmt: skip
    stock_set(
        merchant=merchant, variant=beef.variant, on_hand=5, location_code=bonded_warehouse().code
    )
    buyer, _ = buyer_with("西藏")  # no cold-chain courier reaches Xizang in the demo network
    cart_set_line(consumer=buyer, market_code="CN", listing_id=beef.pk, quantity=1)
    with pytest.raises(RuleViolation) as refused:
        checkout_quote(consumer=buyer, market=market_get("CN"))
    assert refused.value.code == "no_delivery_route"
    assert "frozen" in refused.value.extra["reason"]
    assert not CheckoutQuote.objects.exists()
    assert not Reservation.objects.exists()
