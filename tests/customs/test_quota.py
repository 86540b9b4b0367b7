"""The annual quota: taken at payment, given back once, never over the limit under concurrency."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from tests import factories
from tests.payments.test_online import fund
from tradelane.customs.models import QuotaEntry, QuotaUse
from tradelane.customs.services.identity import identity_register
from tradelane.customs.services.quota import china_year, quota_give_back
from tradelane.markets.selectors import market_get
from tradelane.orders.services import cart_set_line, checkout_place, checkout_quote
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.services.online import payment_confirm, payment_create

LIMIT = 26_000_00
SAME_PERSON = "11010519491231002X"


def placed_for(listing, buyer):
    cart_set_line(consumer=buyer, market_code="CN", listing_id=listing.pk, quantity=1)
    quote = checkout_quote(consumer=buyer, market=market_get("CN"))
    checkout = checkout_place(
        consumer=buyer, quote_id=quote.pk, address_id=factories.address(buyer).pk
    )
    fund(buyer, "3000")
    return checkout


@pytest.mark.django_db
def test_refund_gives_the_quota_back_once() -> None:
    from tests.payments.test_refunds import paid
    from tradelane.payments.services.refunds import refund_order

    _buyer, _checkout, order, _honey = paid()
    entry = QuotaEntry.objects.get(order=order, kind="taken")
    use = QuotaUse.objects.get(identity_index=entry.identity_index, year=china_year())
    before = use.used_minor
    refund_order(order=order, amount=None, reason="customer_request", request_id="r", actor="t")
    quota_give_back(order)  # a second call changes nothing
    use.refresh_from_db()
    assert use.used_minor == before - entry.amount_minor
    assert QuotaEntry.objects.filter(order=order, kind="given_back").count() == 1


@pytest.mark.django_db(transaction=True)
def test_thirty_payments_for_one_identity_never_pass_the_annual_limit(on_postgres: None) -> None:
    merchant = factories.merchant()
    honey = factories.listed(merchant, fixed="1000.00", stock=100)
    checkouts = []
    for _ in range(30):  # one person, thirty accounts: the quota follows the identity number
        buyer = factories.consumer("CN", identity=False)
        identity_register(consumer=buyer, real_name="王芳", id_number=SAME_PERSON)
        checkouts.append((buyer, placed_for(honey, buyer)))
    index = checkouts[0][0].identity.number_index
    dutiable = checkouts[0][1].orders.get().tax_detail["dutiable_value_minor"]
    start = LIMIT - 5 * dutiable - dutiable // 2  # room for exactly five orders
    QuotaUse.objects.create(identity_index=index, year=china_year(), used_minor=start)

    def pay(pair):
        buyer, checkout = pair
        try:
            payment = payment_create(consumer=buyer, checkout_id=checkout.pk)
            return payment_confirm(consumer=buyer, payment_id=payment.pk)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=30) as pool:
        results = list(pool.map(pay, checkouts))
    succeeded = [p for p in results if p.status == "succeeded"]
    refused = {p.failure_code for p in results if p.status == "failed"}
    assert len(succeeded) == 5
    assert refused == {"cbec_annual_limit_exceeded"}
    used = QuotaUse.objects.get(identity_index=index).used_minor
    assert used == start + 5 * dutiable <= LIMIT
    assert QuotaEntry.objects.filter(identity_index=index, kind="taken").count() == 5
    assert ledger_invariant().ok


@pytest.mark.django_db
def test_exactly_the_annual_limit_is_allowed_one_fen_more_is_not() -> None:
    from tradelane.core.errors import RuleViolation
    from tradelane.customs.services.quota import quota_take

    honey = factories.listed(factories.merchant(), fixed="500.00", stock=10)
    for over, allowed in ((0, True), (1, False)):
        buyer = factories.consumer("CN")
        order = placed_for(honey, buyer).orders.get()
        amount = order.tax_detail["dutiable_value_minor"]
        QuotaUse.objects.create(
            identity_index=buyer.identity.number_index,
            year=china_year(),
            used_minor=LIMIT - amount + over,
        )
        if allowed:
            quota_take(order)
            assert (
                QuotaUse.objects.get(identity_index=buyer.identity.number_index).used_minor == LIMIT
            )
        else:
            with pytest.raises(RuleViolation):
                quota_take(order)


@pytest.mark.django_db
def test_an_identity_changed_after_checkout_fails_the_payment_and_moves_nothing() -> None:
    from tradelane.payments.models import Transfer

    honey = factories.listed(factories.merchant(), fixed="300.00", stock=10)
    buyer = factories.consumer("CN")
    checkout = placed_for(honey, buyer)
    identity_register(consumer=buyer, real_name="李娜", id_number=factories.identity_number(5, 4))
    transfers = Transfer.objects.count()
    payment = payment_confirm(
        consumer=buyer, payment_id=payment_create(consumer=buyer, checkout_id=checkout.pk).pk
    )
    assert (payment.status, payment.failure_code) == ("failed", "identity_not_payer")
    assert Transfer.objects.count() == transfers
    assert not QuotaUse.objects.exists()
    assert not QuotaEntry.objects.exists()
    assert {o.status for o in checkout.orders.all()} == {"awaiting_payment"}
    assert ledger_invariant().ok
