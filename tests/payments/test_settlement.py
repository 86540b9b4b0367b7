from datetime import date

import pytest
from django.core.management import call_command

from tests.factories import bank_account_verified
from tests.payments.test_refunds import paid
from tradelane.core.money import Money
from tradelane.merchants.models import Merchant
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import LedgerAccount, Payout, Refund, Transfer
from tradelane.payments.services.reconciliation import reconcile
from tradelane.payments.services.refunds import refund_order
from tradelane.payments.services.settlement import settlement_run

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 21)


def payable(merchant_id: int, currency: str) -> LedgerAccount:
    return LedgerAccount.objects.get(code=f"merchant_payable:{merchant_id}:{currency}")


def test_the_daily_run_pays_each_merchant_once() -> None:
    _buyer, _checkout, order, _honey = paid()
    owed = payable(order.merchant_id, "AUD").credit_balance
    payouts = settlement_run(business_date=DAY)
    assert len(payouts) == 2  # the AU merchant in AUD, the NZ merchant in NZD
    au = Payout.objects.get(merchant_id=order.merchant_id)
    assert (au.status, au.gross_minor, au.fee_minor, au.amount_minor) == (
        "instructed",
        owed,
        50,
        owed - 50,
    )
    assert payable(order.merchant_id, "AUD").credit_balance == 0
    transfers = Transfer.objects.count()
    assert {p.pk for p in settlement_run(business_date=DAY)} == set()  # nothing left to pay today
    assert Transfer.objects.count() == transfers
    assert ledger_invariant().ok
    assert reconcile().ok


def test_a_refund_after_payout_is_netted_next_day() -> None:
    _buyer, _checkout, order, _honey = paid()
    settlement_run(business_date=DAY)
    refund_order(
        order=order,
        amount=Money.of("10", "CNY"),
        reason="customer_request",
        request_id="late",
        actor="t",
    )
    assert payable(order.merchant_id, "AUD").credit_balance < 0  # the merchant now owes it back
    assert settlement_run(business_date=date(2026, 11, 22)) == []  # nothing is paid out of a debt
    assert ledger_invariant().ok


def test_a_closed_bank_account_fails_the_payout_and_moves_nothing() -> None:
    _buyer, _checkout, order, _honey = paid()
    bank_account_verified(Merchant.objects.get(pk=order.merchant_id), "510002")  # closed
    owed = payable(order.merchant_id, "AUD").credit_balance
    settlement_run(business_date=DAY)
    failed = Payout.objects.get(merchant_id=order.merchant_id)
    assert (failed.status, failed.failure_code, failed.journal) == (
        "failed",
        "account_closed",
        None,
    )
    assert payable(order.merchant_id, "AUD").credit_balance == owed


def test_reconciliation_flags_a_record_that_disagrees_with_its_journal() -> None:
    _buyer, _checkout, order, _honey = paid()
    refund_order(
        order=order,
        amount=Money.of("10", "CNY"),
        reason="customer_request",
        request_id="r",
        actor="t",
    )
    assert reconcile().ok
    Refund.objects.update(amount_minor=999)
    report = reconcile()
    assert not report.ok
    assert {m["kind"] for m in report.mismatches} == {"refund", "order"}
    with pytest.raises(SystemExit):
        call_command("reconcile")


def test_merchant_reads_its_statement_and_payouts_over_http() -> None:
    from tests import factories
    from tests.api.client import Api
    from tradelane.merchants.services import api_key_create

    _buyer, _checkout, order, _honey = paid()
    settlement_run(business_date=DAY)
    key, _ = api_key_create(merchant=order.merchant, name="k", created_by=factories.operator())
    api = Api(key)
    status, statement = api.get(
        "/merchant/statements?start=2000-01-01T00:00:00Z&end=2100-01-01T00:00:00Z"
    )
    assert status == 200
    codes = sorted(e["code"] for e in statement["entries"])
    assert codes == ["commission", "fx_goods", "payout", "payout_fee"]
    assert statement["closing"]["amount"] == "0.00"
    payouts = api.get("/merchant/payouts")[1]
    assert payouts[0]["status"] == "instructed"
    operator = factories.operator()
    op = Api(
        Api().post("/auth/token", {"email": operator.email, "password": factories.PASSWORD})[1][
            "token"
        ]
    )
    assert op.get("/operator/reconciliation")[1]["ok"] is True


def test_a_statement_in_a_currency_without_money_is_not_found_and_opens_nothing() -> None:
    from tests import factories
    from tests.api.client import Api, assert_error
    from tradelane.merchants.services import api_key_create

    merchant = factories.merchant()
    key, _ = api_key_create(merchant=merchant, name="k", created_by=factories.operator())
    accounts = LedgerAccount.objects.count()
    for currency in ("EEF", "NZD", ""):
        status, body = Api(key).get(
            f"/merchant/statements?currency={currency}&start=2000-01-01T00:00:00Z&end=2100-01-01T00:00:00Z"
        )
        assert_error(status, body, 404, "payable_not_found")
    assert LedgerAccount.objects.count() == accounts
