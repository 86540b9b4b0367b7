"""Export assessments: AU needs a declaration over AUD 2,000 or under a permit; NZ over NZD 1,000."""

from datetime import timedelta

import pytest

from tests import factories
from tests.payments.test_online import fund
from tradelane.clearance.services.exports import export_declarations_open
from tradelane.core import clock
from tradelane.core.money import Money
from tradelane.customs import compliance
from tradelane.customs.models import ExportDeclaration, ExportPermit
from tradelane.markets.selectors import market_get
from tradelane.orders.services import cart_set_line, checkout_place, checkout_quote
from tradelane.payments.services.online import payment_confirm, payment_create


def test_thresholds_are_strictly_over() -> None:
    today = clock.today()
    au = compliance.export_declaration_rule("AU", today)
    nz = compliance.export_declaration_rule("NZ", today)
    assert au is not None
    assert nz is not None
    assert compliance.export_declaration_reasons(Money.of("2000.00", "AUD"), au, False) == []
    assert compliance.export_declaration_reasons(Money.of("2000.01", "AUD"), au, False) == [
        "value_over_threshold"
    ]
    assert compliance.export_declaration_reasons(Money.of("1000.01", "NZD"), nz, True) == [
        "value_over_threshold",
        "export_permit",
    ]


def pay(merchant, listing, quantity: int = 1, market: str = "CN"):
    buyer = factories.consumer(market)
    cart_set_line(consumer=buyer, market_code=market, listing_id=listing.pk, quantity=quantity)
    quote = checkout_quote(consumer=buyer, market=market_get(market))
    checkout = checkout_place(
        consumer=buyer, quote_id=quote.pk, address_id=factories.address(buyer).pk
    )
    fund(buyer, "3000")
    payment_confirm(
        consumer=buyer, payment_id=payment_create(consumer=buyer, checkout_id=checkout.pk).pk
    )
    return checkout.orders.get()


@pytest.mark.django_db
def test_goods_under_permit_need_a_declaration_small_parcels_do_not() -> None:
    merchant = factories.merchant()
    ExportPermit.objects.create(
        merchant=merchant,
        category="dairy",
        authority="DAFF (Micor)",
        number="AU-EXP-77",
        valid_until=clock.today() + timedelta(days=30),
        created_at=clock.now(),
    )
    formula = factories.listed(merchant, fixed="300.00", hs_code="04022100", category="dairy")
    honey = factories.listed(merchant, fixed="100.00")
    dairy_order, honey_order = pay(merchant, formula), pay(merchant, honey)
    assert export_declarations_open() == 1
    assert export_declarations_open() == 0  # each order is assessed once
    dairy = ExportDeclaration.objects.get(order=dairy_order)
    assert (dairy.required, dairy.reasons, dairy.permits) == (
        True,
        ["export_permit"],
        ["AU-EXP-77"],
    )
    assert dairy.document.startswith("Export Declaration")
    assert ExportDeclaration.objects.get(order=honey_order).required is False
