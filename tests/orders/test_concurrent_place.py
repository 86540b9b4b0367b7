"""Twenty concurrent retries of one place with one Idempotency-Key create one checkout."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from tests import factories
from tests.api.client import Api
from tradelane.inventory.models import StockItem
from tradelane.orders.models import Checkout, Order


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_place_once(on_postgres: None) -> None:
    listing = factories.listed(factories.merchant(), fixed="30.00", stock=10)
    buyer = factories.consumer()
    api = Api(factories.token(buyer))
    api.put("/cart/CN/lines", {"listing_id": listing.pk, "quantity": 2})
    quote = api.post("/checkout/CN/quote")[1]
    body = {"quote_id": quote["id"], "address_id": factories.address(buyer).pk}

    def attempt(_: int) -> tuple[int, object]:
        try:
            return Api(api.token).post(
                "/checkout/place", body, headers={"Idempotency-Key": "retry-1"}
            )
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(attempt, range(20)))
    created = [r for r in results if r[0] == 201]
    assert created, results
    assert all(r == created[0] for r in created)
    # a retry that arrives while the first is still running may be told so (409), never served twice
    assert all(r[0] in (201, 409) for r in results)
    assert Checkout.objects.count() == 1
    assert Order.objects.count() == 1
    assert StockItem.objects.get(variant=listing.variant).reserved == 2
