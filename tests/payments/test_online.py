"""The foundation's checkout journey continues: pay from the wallet, money lands where it must."""

from datetime import timedelta
from decimal import Decimal

import pytest

from tests import factories
from tradelane.core import clock
from tradelane.core.clock import ManualClock, use_clock
from tradelane.core.errors import ApplicationError
from tradelane.core.money import Money
from tradelane.inventory.models import StockItem
from tradelane.markets.selectors import market_get
from tradelane.orders.models import Checkout
from tradelane.orders.services import (
    cart_set_line,
    checkout_place,
    checkout_quote,
    orders_expire_unpaid,
)
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import LedgerAccount, Payment, Transfer
from tradelane.payments.services.online import payment_cancel, payment_confirm, payment_create
from tradelane.payments.services.wallets import topup_create, wallet_for

pytestmark = pytest.mark.django_db


def account(code: str) -> LedgerAccount:
    return LedgerAccount.objects.get(code=code)


def placed(stock: int = 10):
    au, nz = factories.merchant("AU"), factories.merchant("NZ")
    honey = factories.listed(au, fixed="200.00", stock=stock)
    wine = factories.listed(
        nz, fixed="300.00", stock=stock, category="wine", hs_code="22042100", name_zh="黑皮诺红酒"
    )
    buyer = factories.consumer("CN")
    cart_set_line(consumer=buyer, market_code="CN", listing_id=honey.pk, quantity=2)
    cart_set_line(consumer=buyer, market_code="CN", listing_id=wine.pk, quantity=1)
    quote = checkout_quote(consumer=buyer, market=market_get("CN"))
    checkout = checkout_place(
        consumer=buyer, quote_id=quote.pk, address_id=factories.address(buyer).pk
    )
    return buyer, checkout, au, nz, honey, wine


def fund(buyer, amount: str) -> None:
    topup_create(
        consumer=buyer,
        amount=Money.of(amount, "CNY"),
        funding_source="card_4242",
        request_id=f"fund-{amount}",
    )


def test_paying_a_checkout_moves_every_leg() -> None:
    buyer, checkout, au, nz, honey, _wine = placed()
    fund(buyer, "2000")
    payment = payment_confirm(
        consumer=buyer, payment_id=payment_create(consumer=buyer, checkout_id=checkout.pk).pk
    )
    assert payment.status == "succeeded"
    assert {o.status for o in checkout.orders.all()} == {"paid"}
    assert Checkout.objects.get(pk=checkout.pk).status == "paid"
    wallet = wallet_for(buyer)
    wallet.account.refresh_from_db()
    assert wallet.account.credit_balance == 200000 - checkout.total_minor
    assert account("tax_payable:CNY").credit_balance == checkout.tax_minor
    assert account("logistics_payable:CNY").credit_balance == checkout.shipping_minor
    au_order = checkout.orders.get(merchant=au)
    part = au_order.payment_part
    fx = part.fx_quote
    expected_aud = int((Decimal(au_order.goods_minor) * fx.rate).quantize(Decimal(1)))
    assert part.goods_settlement_minor == expected_aud
    payable = account(f"merchant_payable:{au.pk}:AUD")
    assert payable.credit_balance == expected_aud - part.commission_minor
    assert part.commission_minor == round(expected_aud * 0.05)
    assert account(f"merchant_payable:{nz.pk}:NZD").credit_balance > 0
    assert account("fx_revenue:AUD").credit_balance == part.fx_spread_minor > 0
    assert account("liquidity:CNY").credit_balance == checkout.goods_minor
    assert StockItem.objects.get(variant=honey.variant).on_hand == 8  # sold: left the shelf
    assert StockItem.objects.get(variant=honey.variant).reserved == 0
    assert ledger_invariant().ok


def test_insufficient_funds_fails_and_moves_nothing() -> None:
    buyer, checkout, *_ = placed()
    fund(buyer, "100")
    transfers = Transfer.objects.count()
    payment = payment_confirm(
        consumer=buyer, payment_id=payment_create(consumer=buyer, checkout_id=checkout.pk).pk
    )
    assert (payment.status, payment.failure_code) == ("failed", "insufficient_funds")
    assert Transfer.objects.count() == transfers
    assert {o.status for o in checkout.orders.all()} == {"awaiting_payment"}
    assert [h.to_status for h in payment.history.all()] == [
        "requires_confirmation",
        "processing",
        "failed",
    ]
    fund(buyer, "2000")  # a new payment for the same checkout can succeed
    retry = payment_confirm(
        consumer=buyer, payment_id=payment_create(consumer=buyer, checkout_id=checkout.pk).pk
    )
    assert retry.status == "succeeded"
    assert ledger_invariant().ok


def test_confirming_twice_charges_once() -> None:
    buyer, checkout, *_ = placed()
    fund(buyer, "2000")
    payment = payment_create(consumer=buyer, checkout_id=checkout.pk)
    assert payment_create(consumer=buyer, checkout_id=checkout.pk).pk == payment.pk
    payment_confirm(consumer=buyer, payment_id=payment.pk)
    transfers = Transfer.objects.count()
    assert payment_confirm(consumer=buyer, payment_id=payment.pk).status == "succeeded"
    assert Transfer.objects.count() == transfers
    with pytest.raises(ApplicationError) as again:
        payment_create(consumer=buyer, checkout_id=checkout.pk)
    assert again.value.code == "checkout_not_payable"


def test_an_expired_checkout_releases_stock_and_cannot_be_paid() -> None:
    buyer, checkout, _au, _nz, honey, _wine = placed()
    fund(buyer, "2000")
    payment = payment_create(consumer=buyer, checkout_id=checkout.pk)
    with use_clock(ManualClock(clock.now() + timedelta(minutes=31))):
        assert orders_expire_unpaid() == 2
        transfers = Transfer.objects.count()
        confirmed = payment_confirm(consumer=buyer, payment_id=payment.pk)
    assert (confirmed.status, confirmed.failure_code) == ("failed", "checkout_not_payable")
    assert Transfer.objects.count() == transfers
    assert StockItem.objects.get(variant=honey.variant).reserved == 0
    assert ledger_invariant().ok


def test_cancel_before_confirming() -> None:
    buyer, checkout, *_ = placed()
    payment = payment_create(consumer=buyer, checkout_id=checkout.pk)
    assert payment_cancel(consumer=buyer, payment_id=payment.pk).status == "canceled"
    assert payment_cancel(consumer=buyer, payment_id=payment.pk).status == "canceled"
    with pytest.raises(ApplicationError) as refused:
        payment_confirm(consumer=buyer, payment_id=payment.pk)
    assert refused.value.code == "illegal_payment_transition"
    assert Payment.objects.get(pk=payment.pk).status == "canceled"


def test_someone_elses_payment_is_not_found() -> None:
    buyer, checkout, *_ = placed()
    payment = payment_create(consumer=buyer, checkout_id=checkout.pk)
    with pytest.raises(ApplicationError) as refused:
        payment_confirm(consumer=factories.consumer("CN"), payment_id=payment.pk)
    assert refused.value.code == "payment_not_found"
