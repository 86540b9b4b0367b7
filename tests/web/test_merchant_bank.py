"""The merchant's bank-account page: the account masked, a change refused per field with
nothing changed, and the micro-deposit flow that lifts the hold on payouts."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from tests import factories
from tests.payments.test_refunds import paid
from tradelane.core import crypto
from tradelane.merchants.bank_accounts import BankAccountInput, bank_account_set
from tradelane.merchants.models import Merchant, MerchantBankAccount
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.services.settlement import payouts_held, settlement_run

pytestmark = pytest.mark.django_db


def signed_in(merchant: Merchant) -> Client:
    client = Client()
    assert client.login(username=merchant.contact_email, password=factories.PASSWORD)
    return client


def sent_amounts(merchant: Merchant) -> tuple[str, str]:
    """What the merchant reads off the bank statement, in dollars."""
    account = MerchantBankAccount.objects.get(merchant=merchant, replaced_at__isnull=True)
    first, second = (int(x) for x in crypto.decrypt(account.micro_deposits_encrypted).split(","))
    return f"0.{first:02d}", f"0.{second:02d}"


def test_the_page_shows_the_account_masked_to_its_last_three_digits() -> None:
    merchant = factories.merchant("AU")
    factories.bank_account_verified(merchant, account_number="123456789")
    page = signed_in(merchant).get("/merchant/bank-account/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "••••••789" in html
    assert "123456789" not in html
    assert 'data-state="verified"' in html
    assert "••••" in html  # the earlier account in the history, masked too
    assert len(page.context["history"]) == 1


def test_a_bad_bsb_is_refused_on_its_field_and_changes_nothing() -> None:
    merchant = factories.merchant("AU")
    before = list(MerchantBankAccount.objects.filter(merchant=merchant).values())
    response = signed_in(merchant).post(
        "/merchant/bank-account/",
        {"bsb": "002-000", "account_number": "87654321", "account_name": "Kangaroo Honey"},
    )
    assert response.status_code == 422
    form = response.context["account_form"]
    assert form.errors["bsb"]
    assert "account_number" not in form.errors
    assert 'class="field-error"' in response.content.decode()
    assert list(MerchantBankAccount.objects.filter(merchant=merchant).values()) == before


def test_an_nz_merchant_has_no_bsb_field_and_its_checksum_is_checked() -> None:
    merchant = factories.merchant("NZ")
    client = signed_in(merchant)
    assert "bsb" not in client.get("/merchant/bank-account/").context["account_form"].fields
    response = client.post(
        "/merchant/bank-account/",
        {"account_number": "01-0902-0068388-00", "account_name": "Kiwi Honey"},
    )
    assert response.status_code == 422
    assert response.context["account_form"].errors["account_number"]
    assert MerchantBankAccount.objects.filter(merchant=merchant).count() == 1


def test_micro_deposits_verify_the_new_account_and_lift_the_hold_on_payouts() -> None:
    _buyer, _checkout, order, _honey = paid()
    merchant = order.merchant
    client = signed_in(merchant)
    saved = client.post(
        "/merchant/bank-account/",
        {"bsb": "083-004", "account_number": "55512345", "account_name": "Honey Pty Ltd"},
        follow=True,
    )
    assert saved.status_code == 200
    assert saved.context["account"].status == "pending"  # the penny test was started
    assert [h.reason for h in payouts_held(merchant.pk)] == ["bank_account_unverified"]
    held_page = client.get("/merchant/payouts/").content.decode()
    assert 'data-payouts-held="bank_account_unverified"' in held_page
    assert "/merchant/bank-account/" in held_page

    first, second = sent_amounts(merchant)
    wrong = client.post(
        "/merchant/bank-account/confirm/",
        {"first_amount": "0.00" if first != "0.00" else "0.01", "second_amount": second},
    )
    assert wrong.status_code == 422
    assert wrong.context["deposit_form"].errors["first_amount"]
    assert MerchantBankAccount.objects.get(merchant=merchant, replaced_at=None).status == "pending"

    done = client.post(
        "/merchant/bank-account/confirm/",
        {"first_amount": second, "second_amount": first},  # either order
        follow=True,
    )
    assert done.status_code == 200
    assert done.context["account"].status == "verified"
    assert payouts_held(merchant.pk) == []
    assert "data-payouts-held" not in client.get("/merchant/payouts/").content.decode()
    [payout] = [
        p for p in settlement_run(business_date=date(2026, 11, 21)) if p.merchant == merchant
    ]
    assert payout.batch_line.bank_account.account_last_digits == "345"
    assert ledger_invariant().ok


def test_wrong_amounts_count_and_the_rest_of_the_page_is_unchanged() -> None:
    merchant = factories.merchant("AU")
    bank_account_set(
        merchant=merchant,
        data=BankAccountInput(bsb="062-000", account_number="7654321", account_name="Test"),
    )
    client = signed_in(merchant)
    assert client.post("/merchant/bank-account/resend/").status_code == 302
    first, second = sent_amounts(merchant)
    wrong = "0.50" if "0.50" not in (first, second) else "0.51"
    response = client.post(
        "/merchant/bank-account/confirm/", {"first_amount": wrong, "second_amount": wrong}
    )
    assert response.status_code == 422
    assert response.context["refusal"].code == "micro_deposit_mismatch"
    account = MerchantBankAccount.objects.get(merchant=merchant, replaced_at=None)
    assert (account.status, account.micro_deposit_attempts) == ("pending", 1)
