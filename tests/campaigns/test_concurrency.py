"""Many buyers at once, on PostgreSQL: a flash sale never oversells, a buyer never passes the
limit, a voucher never passes its cap."""

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection

from tests import factories
from tests.campaigns import helpers
from tradelane.campaigns.models import FlashSale, FlashSaleBuyer, FlashSaleClaim, Voucher
from tradelane.campaigns.services import flash_sale_claim
from tradelane.campaigns.vouchers import voucher_create
from tradelane.core import clock
from tradelane.core.errors import ApplicationError
from tradelane.core.money import Money
from tradelane.customs.services.identity import identity_register
from tradelane.orders.models import Checkout

pytestmark = pytest.mark.django_db(transaction=True)


def _run(work, n: int) -> list[str]:
    def attempt(i: int) -> str:
        try:
            work(i)
            return "ok"
        except ApplicationError as refused:
            return refused.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=16) as pool:
        return list(pool.map(attempt, range(n)))


def test_a_flash_sale_never_oversells(on_postgres: None) -> None:
    m = factories.merchant()
    c = helpers.campaign(m)
    sale = helpers.flash(c, factories.listed(m, fixed="200.00"), units=10, limit=1)
    buyers = [factories.consumer(identity=False) for _ in range(30)]
    results = _run(
        lambda i: flash_sale_claim(flash_sale_id=sale.pk, consumer=buyers[i], quantity=1), 30
    )
    assert results.count("ok") == 10
    assert set(results) == {"ok", "sold_out"}
    sale.refresh_from_db()
    assert (sale.sold, sale.sold_out) == (10, True)
    assert FlashSaleClaim.objects.count() == 10


def test_one_buyer_racing_never_passes_the_limit(on_postgres: None) -> None:
    m = factories.merchant()
    c = helpers.campaign(m)
    sale = helpers.flash(c, factories.listed(m, fixed="200.00"), units=100, limit=3)
    buyer = factories.consumer(identity=False)
    results = _run(
        lambda i: flash_sale_claim(flash_sale_id=sale.pk, consumer=buyer, quantity=1), 20
    )
    assert results.count("ok") == 3
    assert set(results) == {"ok", "per_buyer_limit_reached"}
    assert FlashSaleBuyer.objects.get().claimed == 3
    assert FlashSale.objects.get(pk=sale.pk).sold == 3


def test_a_voucher_never_passes_its_cap(on_postgres: None) -> None:
    m = factories.merchant()
    honey = factories.listed(m, fixed="200.00", stock=100)
    now = clock.now()
    voucher_create(
        code="CAP5",
        market_code="CN",
        currency="CNY",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
        amount=Money.of("10", "CNY"),
        merchant_id=m.pk,
        total_cap=5,
    )
    buyers = [factories.consumer() for _ in range(16)]
    quotes = [helpers.quote(b, (honey, 1), voucher="CAP5") for b in buyers]
    results = _run(lambda i: helpers.place(buyers[i], quotes[i]), 16)
    assert results.count("ok") == 5
    assert set(results) == {"ok", "voucher_cap_reached"}
    assert Voucher.objects.get().uses == 5
    assert Checkout.objects.count() == 5


def test_accounts_sharing_one_identity_number_never_check_out_past_its_limit(
    on_postgres: None,
) -> None:
    """Each account claimed with no identity on file, then all registered one number and check
    out at once: the number's limit holds across them."""
    m = factories.merchant()
    c = helpers.campaign(m)
    honey = factories.listed(m, fixed="200.00", stock=100)
    sale = helpers.flash(c, honey, units=100, limit=2)
    buyers = [factories.consumer(identity=False) for _ in range(6)]
    one_number = factories.identity_number(31337)
    for buyer in buyers:
        flash_sale_claim(flash_sale_id=sale.pk, consumer=buyer, quantity=2)
        identity_register(consumer=buyer, real_name="王芳", id_number=one_number)
    quotes = [helpers.quote(b, (honey, 2)) for b in buyers]
    results = _run(lambda i: helpers.place(buyers[i], quotes[i]), len(buyers))
    assert results.count("ok") == 1
    assert set(results) == {"ok", "per_buyer_limit_reached"}
    identity_rows = FlashSaleBuyer.objects.filter(buyer_key__startswith="identity:")
    assert [row.claimed for row in identity_rows] == [2]
    assert FlashSaleClaim.objects.filter(status="converted").count() == 1
    assert Checkout.objects.count() == 1


def test_a_crowd_of_voucher_guesses_never_passes_the_guess_limit(
    on_postgres: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One buyer's guesses all at once, each lookup taking a moment: only the limit's worth are
    looked up; with check-then-count every one of them was."""
    from tradelane.campaigns import vouchers

    real = vouchers.normalise_code

    def slow(code: str) -> str:
        time.sleep(0.2)  # the lookup between the limit's check and its count
        return real(code)

    monkeypatch.setattr(vouchers, "normalise_code", slow)
    buyer = factories.consumer(identity=False)
    n = vouchers.VOUCHER_GUESSES.limit * 2

    def guess(i: int) -> None:
        vouchers.voucher_apply(
            code=f"GUESS{i}", consumer_id=buyer.pk, market_code="CN", currency="CNY", lines=[]
        )

    results = _run(guess, n)
    assert results.count("voucher_unknown") == vouchers.VOUCHER_GUESSES.limit
    assert results.count("too_many_attempts") == n - vouchers.VOUCHER_GUESSES.limit
