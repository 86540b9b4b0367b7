"""A checkout is not paid while one of its orders' merchants is not active: creating and
confirming its payment are refused (422 merchant_not_active) and nothing moves."""

from __future__ import annotations

import pytest

from tests import factories
from tests.api.client import Api, assert_error
from tests.merchants.test_status_money import suspend
from tests.payments.test_online import fund, placed
from tradelane.accounts.models import Consumer
from tradelane.core.errors import ApplicationError
from tradelane.merchants.services import merchant_set_status
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import Payment, Transfer
from tradelane.payments.services.online import payment_confirm, payment_create
from tradelane.payments.services.wallets import wallet_for

pytestmark = pytest.mark.django_db


def _wallet(buyer: Consumer) -> int:
    account = wallet_for(buyer).account
    account.refresh_from_db()
    return int(account.credit_balance)


def test_a_payment_is_not_created_for_a_suspended_merchants_order() -> None:
    buyer, checkout, au, _nz, _honey, _wine = placed()
    fund(buyer, "2000")
    suspend(au)
    with pytest.raises(ApplicationError) as refused:
        payment_create(consumer=buyer, checkout_id=checkout.pk)
    assert (refused.value.code, refused.value.http_status) == ("merchant_not_active", 422)
    assert not Payment.objects.exists()
    assert_error(
        *Api(factories.token(buyer)).post(
            "/payments", {"checkout_id": checkout.pk}, headers={"Idempotency-Key": "p"}
        ),
        422,
        "merchant_not_active",
    )
    assert not Payment.objects.exists()


def test_a_payment_is_not_captured_after_a_merchant_is_suspended() -> None:
    buyer, checkout, au, _nz, _honey, _wine = placed()
    fund(buyer, "2000")
    payment = payment_create(consumer=buyer, checkout_id=checkout.pk)
    suspend(au)
    before, transfers = _wallet(buyer), Transfer.objects.count()
    with pytest.raises(ApplicationError) as refused:
        payment_confirm(consumer=buyer, payment_id=payment.pk)
    assert (refused.value.code, refused.value.http_status) == ("merchant_not_active", 422)
    assert_error(
        *Api(factories.token(buyer)).post(
            f"/payments/{payment.pk}/confirm", headers={"Idempotency-Key": "c"}
        ),
        422,
        "merchant_not_active",
    )
    payment.refresh_from_db()
    checkout.refresh_from_db()
    assert (payment.status, checkout.status) == ("requires_confirmation", "awaiting_payment")
    assert (_wallet(buyer), Transfer.objects.count()) == (before, transfers)
    assert not checkout.orders.filter(status="paid").exists()
    # reinstated, the same payment goes through
    merchant_set_status(merchant=au, to_status="active", actor=None)
    assert payment_confirm(consumer=buyer, payment_id=payment.pk).status == "succeeded"
    assert ledger_invariant().ok
