import pytest
from django.core.management import call_command

from tests import factories
from tests.payments.test_online import fund
from tradelane.fulfilment.services.stocking import BONDED_ZONES, forward_stocking
from tradelane.markets.selectors import market_get
from tradelane.orders.services import cart_set_line, checkout_place, checkout_quote
from tradelane.payments.services.online import payment_confirm, payment_create

pytestmark = pytest.mark.django_db


def test_steady_direct_mail_sellers_are_recommended_for_bonded_stock() -> None:
    call_command("load_network", verbosity=0)
    merchant = factories.merchant()
    steady = factories.listed(merchant, fixed="80.00", stock=100, sku="HONEY-STEADY")
    rare = factories.listed(merchant, fixed="80.00", stock=100, sku="HONEY-RARE")
    for listing, quantity in ((steady, 6), (steady, 6), (rare, 1)):
        buyer = factories.consumer("CN")
        cart_set_line(consumer=buyer, market_code="CN", listing_id=listing.pk, quantity=quantity)
        quote = checkout_quote(consumer=buyer, market=market_get("CN"))
        checkout = checkout_place(
            consumer=buyer, quote_id=quote.pk, address_id=factories.address(buyer).pk
        )
        fund(buyer, "1000")
        payment = payment_create(consumer=buyer, checkout_id=checkout.pk)
        assert payment_confirm(consumer=buyer, payment_id=payment.pk).status == "succeeded"
    (recommendation,) = forward_stocking()
    assert recommendation.sku == "HONEY-STEADY"
    assert recommendation.bonded_zone in BONDED_ZONES
    assert recommendation.units_30d == 12
    assert recommendation.saving_per_unit > 0
    assert recommendation.hours_saved > 0
    call_command("forward_stocking")
