"""Refusals before any money moves: each with a stable code, in Chinese and English, and
nothing written (no quote, no reservation)."""

import pytest

from tests import factories
from tests.customs.helpers import bonded_warehouse
from tradelane.core import clock
from tradelane.core.errors import RuleViolation
from tradelane.customs.models import ExportPermit, QuotaUse
from tradelane.customs.services.quota import china_year
from tradelane.inventory.models import Reservation
from tradelane.inventory.services import stock_set
from tradelane.markets.selectors import market_get
from tradelane.orders.models import CheckoutQuote
from tradelane.orders.services import cart_set_line, checkout_place, checkout_quote

pytestmark = pytest.mark.django_db


def quote_for(listing, buyer=None, quantity: int = 1):
    buyer = buyer or factories.consumer("CN")
    cart_set_line(consumer=buyer, market_code="CN", listing_id=listing.pk, quantity=quantity)
    return buyer, checkout_quote(consumer=buyer, market=market_get("CN"))


def refused(listing, code: str, buyer=None) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        quote_for(listing, buyer)
    assert caught.value.code == code
    messages = caught.value.extra["messages"]
    assert messages["en"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in messages["zh-hans"])  # Chinese text
    assert not CheckoutQuote.objects.exists()
    assert not Reservation.objects.exists()
    return caught.value


def test_an_identity_is_required_for_china() -> None:
    honey = factories.listed(factories.merchant(), fixed="100.00")
    error = refused(honey, "identity_required", buyer=factories.consumer("CN", identity=False))
    assert str(error.message).startswith("向中国大陆")  # the buyer's page language


def test_goods_off_the_positive_list_are_refused() -> None:
    salt = factories.listed(factories.merchant(), fixed="30.00", hs_code="25010019")
    refused(salt, "not_on_positive_list")
    kangaroo = factories.listed(factories.merchant(), fixed="30.00", hs_code="02089000")
    refused(kangaroo, "not_on_positive_list")


def test_fresh_milk_cannot_go_by_direct_mail_but_can_from_bonded_stock() -> None:
    merchant = factories.merchant()
    ExportPermit.objects.create(
        merchant=merchant,
        category="dairy",
        authority="DAFF (Micor)",
        number="AU-EXP-1",
        valid_until=clock.today().replace(year=clock.today().year + 1),
        created_at=clock.now(),
    )
    milk = factories.listed(
        merchant, fixed="60.00", hs_code="04012000", category="dairy", temperature_class="chilled"
    )
    refused(milk, "fresh_goods_direct_mail")
    stock_set(
        merchant=merchant, variant=milk.variant, on_hand=20, location_code=bonded_warehouse().code
    )
    buyer, quote = quote_for(milk)
    checkout = checkout_place(
        consumer=buyer, quote_id=quote.pk, address_id=factories.address(buyer).pk
    )
    order = checkout.orders.get()
    assert order.customs_mode == "1210"
    reservation = Reservation.objects.get(reference=order.number)
    assert reservation.stock_item.location.code == bonded_warehouse().code


def test_seafood_is_bonded_only() -> None:
    merchant = factories.merchant()
    ExportPermit.objects.create(
        merchant=merchant,
        category="meat_seafood",
        authority="DAFF (Micor)",
        number="AU-EXP-2",
        valid_until=clock.today().replace(year=clock.today().year + 1),
        created_at=clock.now(),
    )
    lobster = factories.listed(
        merchant, fixed="400.00", hs_code="03061100", category="meat_seafood"
    )
    refused(lobster, "bonded_import_only")


def test_dairy_without_an_export_permit_is_refused() -> None:
    milk_powder = factories.listed(
        factories.merchant(), fixed="200.00", hs_code="04022100", category="dairy"
    )
    refused(milk_powder, "export_permit_missing")


def test_the_annual_quota_as_it_stands_is_checked_at_the_quote() -> None:
    honey = factories.listed(factories.merchant(), fixed="900.00")
    buyer = factories.consumer("CN")
    QuotaUse.objects.create(
        identity_index=buyer.identity.number_index, year=china_year(), used_minor=25_500_00
    )
    refused(honey, "cbec_annual_limit_exceeded", buyer=buyer)


def test_direct_mail_orders_are_9610() -> None:
    honey = factories.listed(factories.merchant(), fixed="90.00")
    buyer, quote = quote_for(honey)
    checkout = checkout_place(
        consumer=buyer, quote_id=quote.pk, address_id=factories.address(buyer).pk
    )
    order = checkout.orders.get()
    assert order.customs_mode == "9610"
    assert order.buyer_identity is not None
    assert order.buyer_identity["number_masked"].startswith("110105")
    assert "number_encrypted" in order.buyer_identity
