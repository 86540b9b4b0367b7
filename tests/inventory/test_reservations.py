from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection, transaction

from tests import factories
from tradelane.core import clock
from tradelane.inventory.errors import OutOfStock, StockBelowReserved
from tradelane.inventory.models import Reservation, StockItem
from tradelane.inventory.services import (
    ReservationRequest,
    reservations_commit,
    reservations_expire,
    reservations_release,
    stock_reserve,
    stock_set,
)


def _reserve(variant_id: int, merchant_id: int, qty: int, ref: str) -> list[Reservation]:
    with transaction.atomic():
        return stock_reserve(
            merchant_id=merchant_id,
            market_code="CN",
            requests=[ReservationRequest(variant_id, qty, "honey")],
            reference=ref,
            expires_at=clock.now() + timedelta(minutes=30),
        )


@pytest.mark.django_db
def test_reserve_release_and_commit() -> None:
    listing = factories.listed(factories.merchant(), stock=10)
    item = StockItem.objects.get(variant=listing.variant)
    _reserve(listing.variant_id, listing.merchant_id, 4, "A")
    _reserve(listing.variant_id, listing.merchant_id, 3, "B")
    item.refresh_from_db()
    assert (item.on_hand, item.reserved) == (10, 7)
    assert reservations_release(reference="A") == 1
    assert reservations_release(reference="A") == 0  # a second release moves nothing
    assert reservations_commit(reference="B") == 1
    item.refresh_from_db()
    assert (item.on_hand, item.reserved) == (7, 0)


@pytest.mark.django_db
def test_reserving_more_than_available_is_refused_and_changes_nothing() -> None:
    listing = factories.listed(factories.merchant(), stock=5)
    _reserve(listing.variant_id, listing.merchant_id, 4, "A")
    with pytest.raises(OutOfStock):
        _reserve(listing.variant_id, listing.merchant_id, 2, "B")
    item = StockItem.objects.get(variant=listing.variant)
    assert (item.on_hand, item.reserved) == (5, 4)
    assert not Reservation.objects.filter(reference="B").exists()


@pytest.mark.django_db
def test_counted_stock_cannot_drop_below_reserved() -> None:
    m = factories.merchant()
    listing = factories.listed(m, stock=5)
    _reserve(listing.variant_id, m.pk, 4, "A")
    with pytest.raises(StockBelowReserved):
        stock_set(merchant=m, variant=listing.variant, on_hand=3)
    assert StockItem.objects.get(variant=listing.variant).on_hand == 5


@pytest.mark.django_db
def test_lapsed_reservations_are_released() -> None:
    listing = factories.listed(factories.merchant(), stock=5)
    _reserve(listing.variant_id, listing.merchant_id, 5, "A")
    assert reservations_expire(now=clock.now() + timedelta(minutes=31)) == 1
    item = StockItem.objects.get(variant=listing.variant)
    assert item.reserved == 0
    assert Reservation.objects.get(reference="A").status == "expired"


@pytest.mark.django_db(transaction=True)
def test_fifty_threads_race_for_the_last_ten_units(on_postgres: None) -> None:
    listing = factories.listed(factories.merchant(), stock=10)

    def attempt(n: int) -> bool:
        try:
            _reserve(listing.variant_id, listing.merchant_id, 1, f"race-{n}")
            return True
        except OutOfStock:
            return False
        finally:
            connection.close()  # each thread's own connection, or teardown cannot drop the test database

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(attempt, range(50)))
    item = StockItem.objects.get(variant=listing.variant)
    assert sum(results) == 10
    assert (item.on_hand, item.reserved) == (10, 10)
    assert Reservation.objects.filter(stock_item=item, status="active").count() == 10
