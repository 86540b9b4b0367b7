"""Queries per checkout stay constant as the catalog grows (hot path: ARCHITECTURE.md)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tradelane.catalog.models import Listing
from tradelane.markets.selectors import market_get
from tradelane.merchants.models import Merchant
from tradelane.orders.services import cart_set_line, checkout_place, checkout_quote

pytestmark = pytest.mark.django_db


def _queries_for_checkout(merchants: list[Merchant], catalog: list[Listing]) -> tuple[int, int]:
    buyer = factories.consumer()
    address = factories.address(buyer)
    for listing in (catalog[0], catalog[1], catalog[-1]):
        cart_set_line(consumer=buyer, market_code="CN", listing_id=listing.pk, quantity=1)
    with CaptureQueriesContext(connection) as quoting:
        quote = checkout_quote(consumer=buyer, market=market_get("CN"))
    with CaptureQueriesContext(connection) as placing:
        checkout_place(consumer=buyer, quote_id=quote.pk, address_id=address.pk)
    return len(quoting), len(placing)


def test_queries_per_checkout_do_not_grow_with_the_catalog() -> None:
    merchants = [factories.merchant("AU"), factories.merchant("NZ")]
    catalog = [factories.listed(merchants[i % 2], fixed="20.00") for i in range(4)]
    small = _queries_for_checkout(merchants, catalog)
    catalog += [factories.listed(merchants[i % 2], fixed="20.00") for i in range(60)]
    catalog.append(catalog.pop(3))  # same shape of cart: lines from both merchants
    large = _queries_for_checkout(merchants, catalog)
    assert small == large
    # China's checks add four reads to the quote (identity, positive list, bonded stock, quota),
    # shipping two (the delivery address, its province zone) and place two (identity snapshot,
    # customs mode); inside a test atomic() adds a savepoint; campaigns one (which campaigns
    # price now: none here, so no flash claims are read).
    assert small[0] <= 17
    assert small[1] <= 21
