from datetime import timedelta
from decimal import Decimal

import pytest

from tests import factories
from tradelane.core import clock
from tradelane.core.clock import ManualClock, use_clock
from tradelane.core.errors import ApplicationError
from tradelane.core.money import Money
from tradelane.merchants.services import shop_create
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import InStorePayment, LedgerAccount, Transfer
from tradelane.payments.services.instore import (
    payment_code_issue,
    qr_pay,
    till_charge_code,
    till_create_qr,
    till_refund,
)
from tradelane.payments.services.wallets import topup_create, wallet_for

pytestmark = pytest.mark.django_db


def setup(market: str = "CN"):
    merchant = factories.merchant("AU")
    shop = shop_create(
        merchant=merchant, name="Harbour Gifts", address="1 George St", city="Sydney"
    )
    visitor = factories.consumer(market)
    currency = "CNY" if market == "CN" else "AUD"
    topup_create(
        consumer=visitor,
        amount=Money.of("1000", currency),
        funding_source="card_4242",
        request_id="f",
    )
    return merchant, shop, visitor


def balance(code: str) -> int:
    return LedgerAccount.objects.get(code=code).credit_balance


def test_a_chinese_visitor_pays_aud_by_code_and_gets_half_back() -> None:
    merchant, shop, visitor = setup()
    code, _ = payment_code_issue(consumer=visitor)
    assert len(code) == 18
    assert code.startswith("28")
    paid = till_charge_code(
        shop=shop, code=code, amount=Money.of("100.00", "AUD"), request_id="sale-1"
    )
    assert (paid.status, paid.wallet_currency) == ("succeeded", "CNY")
    assert paid.wallet_amount_minor is not None
    # about 100 AUD at 4.645 CNY per AUD, plus the 0.5 % spread
    assert Decimal("466") < Decimal(paid.wallet_amount_minor) / 100 < Decimal("469")
    wallet = wallet_for(visitor).account
    assert balance(wallet.code) == 100000 - paid.wallet_amount_minor
    payable = f"merchant_payable:{merchant.pk}:AUD"
    assert balance(payable) == 10000 - 150  # 1.5 % fee
    refund = till_refund(
        shop=shop, payment_id=paid.pk, amount=Money.of("50.00", "AUD"), request_id="ref-1"
    )
    assert (
        abs(refund.wallet_amount_minor - paid.wallet_amount_minor / 2) < 200
    )  # today's rate, no spread
    assert balance(wallet.code) == 100000 - paid.wallet_amount_minor + refund.wallet_amount_minor
    assert balance(payable) == 5000 - 75
    assert ledger_invariant().ok


def test_a_code_works_once_and_for_a_minute() -> None:
    _merchant, shop, visitor = setup()
    code, _ = payment_code_issue(consumer=visitor)
    till_charge_code(shop=shop, code=code, amount=Money.of("5", "AUD"), request_id="a")
    transfers = Transfer.objects.count()
    with pytest.raises(ApplicationError) as reused:
        till_charge_code(shop=shop, code=code, amount=Money.of("5", "AUD"), request_id="b")
    assert reused.value.code == "payment_code_invalid"
    late, _ = payment_code_issue(consumer=visitor)
    with (
        use_clock(ManualClock(clock.now() + timedelta(seconds=61))),
        pytest.raises(ApplicationError),
    ):
        till_charge_code(shop=shop, code=late, amount=Money.of("5", "AUD"), request_id="c")
    assert Transfer.objects.count() == transfers
    assert InStorePayment.objects.count() == 1


def test_the_till_retrying_a_sale_charges_once() -> None:
    _merchant, shop, visitor = setup()
    code, _ = payment_code_issue(consumer=visitor)
    first = till_charge_code(shop=shop, code=code, amount=Money.of("20", "AUD"), request_id="sale")
    again = till_charge_code(shop=shop, code=code, amount=Money.of("20", "AUD"), request_id="sale")
    assert first.pk == again.pk
    assert InStorePayment.objects.count() == 1


def test_insufficient_funds_keeps_the_code_and_moves_nothing() -> None:
    _merchant, shop, visitor = setup()
    code, _ = payment_code_issue(consumer=visitor)
    with pytest.raises(ApplicationError) as refused:
        till_charge_code(shop=shop, code=code, amount=Money.of("500", "AUD"), request_id="big")
    assert refused.value.code == "insufficient_funds"
    assert not InStorePayment.objects.exists()
    assert balance(wallet_for(visitor).account.code) == 100000


def test_shop_presented_qr_for_a_resident_in_aud() -> None:
    merchant, shop, resident = setup("AU")
    link, payment = till_create_qr(shop=shop, amount=Money.of("12.50", "AUD"), request_id="qr-1")
    assert payment.status == "awaiting_customer"
    paid = qr_pay(consumer=resident, token=link.rsplit("/", 1)[1])
    assert (paid.status, paid.wallet_amount_minor, paid.fx_quote) == ("succeeded", 1250, None)
    with pytest.raises(ApplicationError):
        qr_pay(consumer=factories.consumer("AU"), token=link.rsplit("/", 1)[1])
    assert balance(f"merchant_payable:{merchant.pk}:AUD") == 1250 - 19
    assert ledger_invariant().ok


def test_refunds_never_exceed_the_payment() -> None:
    _merchant, shop, visitor = setup()
    code, _ = payment_code_issue(consumer=visitor)
    paid = till_charge_code(shop=shop, code=code, amount=Money.of("30", "AUD"), request_id="s")
    till_refund(shop=shop, payment_id=paid.pk, amount=Money.of("20", "AUD"), request_id="r1")
    transfers = Transfer.objects.count()
    with pytest.raises(ApplicationError) as refused:
        till_refund(shop=shop, payment_id=paid.pk, amount=Money.of("10.01", "AUD"), request_id="r2")
    assert refused.value.code == "refund_exceeds_paid"
    assert Transfer.objects.count() == transfers
    other_shop = shop_create(merchant=factories.merchant(), name="Other", address="x", city="y")
    with pytest.raises(ApplicationError):
        till_refund(
            shop=other_shop, payment_id=paid.pk, amount=Money.of("1", "AUD"), request_id="r3"
        )
