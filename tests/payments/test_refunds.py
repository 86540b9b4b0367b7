import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.payments.test_online import fund, placed
from tradelane.core.errors import ApplicationError
from tradelane.core.money import Money
from tradelane.inventory.models import StockItem
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import LedgerAccount, Payment, Refund, Transfer
from tradelane.payments.services.online import payment_confirm, payment_create
from tradelane.payments.services.refunds import refund_order
from tradelane.payments.services.wallets import wallet_for

pytestmark = pytest.mark.django_db


def paid():
    buyer, checkout, au, _nz, honey, _wine = placed()
    fund(buyer, "2000")
    payment_confirm(
        consumer=buyer, payment_id=payment_create(consumer=buyer, checkout_id=checkout.pk).pk
    )
    return buyer, checkout, checkout.orders.get(merchant=au), honey


def platform_balances() -> dict[str, int]:
    """Every account except the bank and wallets: all must be back at zero after full refunds."""
    return {
        a.code: a.credits_posted - a.debits_posted
        for a in LedgerAccount.objects.exclude(kind__in=["bank", "wallet"])
    }


def test_a_full_refund_before_shipping_puts_everything_back() -> None:
    buyer, checkout, order, honey = paid()
    on_hand = StockItem.objects.get(variant=honey.variant).on_hand
    refund = refund_order(
        order=order, amount=None, reason="before_shipping", request_id="r1", actor="operator:1"
    )
    assert refund.amount_minor == order.total_minor
    order.refresh_from_db()
    assert order.status == "refunded"
    assert StockItem.objects.get(variant=honey.variant).on_hand == on_hand + 2
    others = checkout.orders.exclude(pk=order.pk).get()
    refund_order(
        order=others, amount=None, reason="customs_rejected", request_id="r2", actor="system"
    )
    assert set(platform_balances().values()) == {0}
    wallet = wallet_for(buyer).account
    wallet.refresh_from_db()
    assert wallet.credit_balance == 200000
    assert Payment.objects.get().refunded_minor == checkout.total_minor
    assert ledger_invariant().ok


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(cuts=st.lists(st.integers(1, 10_000), min_size=1, max_size=5))
def test_partial_refunds_add_up_to_the_full_refund(cuts: list[int]) -> None:
    with transaction.atomic():
        sid = transaction.savepoint()
        _buyer, checkout, order, _honey = paid()
        for other in checkout.orders.exclude(pk=order.pk):
            refund_order(
                order=other, amount=None, reason="customer_request", request_id="other", actor="t"
            )
        total, parts, done = order.total_minor, [], 0
        for cut in cuts:
            part = max(1, total * cut // 40_000)
            if done + part >= total:
                break
            parts.append(part)
            done += part
        for n, part in enumerate(parts):
            refund_order(
                order=order,
                amount=Money.from_minor(part, "CNY"),
                reason="customer_request",
                request_id=f"p{n}",
                actor="t",
            )
        refund_order(
            order=order, amount=None, reason="customer_request", request_id="rest", actor="t"
        )
        assert set(platform_balances().values()) == {0}
        assert ledger_invariant().ok
        transaction.savepoint_rollback(sid)


def test_never_more_than_paid_and_nothing_moves_on_refusal() -> None:
    _buyer, _checkout, order, _honey = paid()
    refund_order(
        order=order,
        amount=Money.from_minor(order.total_minor - 100, "CNY"),
        reason="customer_request",
        request_id="a",
        actor="t",
    )
    transfers = Transfer.objects.count()
    with pytest.raises(ApplicationError) as refused:
        refund_order(
            order=order,
            amount=Money.from_minor(101, "CNY"),
            reason="customer_request",
            request_id="b",
            actor="t",
        )
    assert refused.value.code == "refund_exceeds_paid"
    assert Transfer.objects.count() == transfers
    assert Refund.objects.count() == 1
    order.refresh_from_db()
    assert order.status == "paid"


def test_the_same_request_refunds_once() -> None:
    _buyer, _checkout, order, _honey = paid()
    first = refund_order(
        order=order,
        amount=Money.of("10", "CNY"),
        reason="customer_request",
        request_id="same",
        actor="t",
    )
    again = refund_order(
        order=order,
        amount=Money.of("10", "CNY"),
        reason="customer_request",
        request_id="same",
        actor="t",
    )
    assert first.pk == again.pk
    assert Refund.objects.count() == 1
    with pytest.raises(ApplicationError):
        refund_order(
            order=order,
            amount=Money.of("11", "CNY"),
            reason="customer_request",
            request_id="same",
            actor="t",
        )


def test_an_unpaid_order_has_nothing_to_refund() -> None:
    _buyer, checkout, *_ = placed()
    with pytest.raises(ApplicationError) as refused:
        refund_order(
            order=checkout.orders.first(),
            amount=None,
            reason="before_shipping",
            request_id="x",
            actor="t",
        )
    assert refused.value.code == "order_not_paid"
