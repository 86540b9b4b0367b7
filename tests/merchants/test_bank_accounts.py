"""Where payouts go: the account's format rules, its history, its encryption and masking, and
its verification (micro-deposits or an operator); an unverified account holds payouts."""

from __future__ import annotations

from datetime import date

import pytest

from tests import factories
from tests.payments.test_refunds import paid
from tradelane.core import crypto
from tradelane.core.errors import ValidationFailed
from tradelane.merchants import rules
from tradelane.merchants.bank_accounts import (
    BankAccountInput,
    bank_account_confirm,
    bank_account_current,
    bank_account_history,
    bank_account_number,
    bank_account_set,
    bank_account_verify_by_operator,
)
from tradelane.merchants.errors import MicroDepositAttemptsExhausted, MicroDepositMismatch
from tradelane.merchants.models import Merchant, MerchantBankAccount
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import Payout, PayoutBatch, Transfer
from tradelane.payments.services.payout_accounts import (
    MicroDepositsRefused,
    bank_account_verification_start,
)
from tradelane.payments.services.settlement import payouts_held, settlement_run

# --- pure rules ---------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["062-000", "062000", " 062 000 "])
def test_a_bsb_is_written_nnn_nnn(raw: str) -> None:
    assert rules.bsb_clean(raw) == "062-000"


@pytest.mark.parametrize("raw", ["06200", "0620001", "06a-000", "002-000", ""])
def test_a_malformed_bsb_is_refused(raw: str) -> None:
    with pytest.raises(rules.BankAccountInvalid) as caught:
        rules.bsb_clean(raw)
    assert caught.value.field == "bsb"


def test_an_au_account_number_has_one_to_nine_digits() -> None:
    assert rules.au_account_number_clean("1234 5678") == "12345678"
    assert rules.au_account_number_clean("1") == "1"
    for bad in ["1234567890", "12a4", "", "0000"]:
        with pytest.raises(rules.BankAccountInvalid):
            rules.au_account_number_clean(bad)


def test_an_nz_account_number_is_checked_with_its_bank_checksum() -> None:
    assert rules.nz_account_number_clean("01-0902-0068389-00") == "0109020068389000"
    with pytest.raises(rules.BankAccountInvalid):
        rules.nz_account_number_clean("01-0902-0068388-00")  # one digit off: checksum fails
    with pytest.raises(rules.BankAccountInvalid):
        rules.nz_account_number_clean("01-0902-006838")


def test_account_names_keep_to_the_bank_file_characters() -> None:
    assert rules.account_name_clean("  Koala   Honey Pty. Ltd ") == "Koala Honey Pty. Ltd"
    for bad in ["蜂蜜有限公司", "Koala_Honey", "Café Co", "x" * 33, "   "]:
        with pytest.raises(rules.BankAccountInvalid):
            rules.account_name_clean(bad)


def test_masking_shows_only_the_last_three_digits() -> None:
    assert rules.mask_account("12345678") == "•••••678"
    assert rules.mask_account("12") == "12"


def test_micro_deposit_amounts_are_two_different_cents_amounts() -> None:
    for a in range(0, 256, 7):
        for b in range(0, 256, 5):
            first, second = rules.micro_deposit_amounts(bytes([a, b]))
            assert 1 <= first <= 99
            assert 1 <= second <= 99
            assert first != second


# --- services -----------------------------------------------------------------------------


def _au_details(number: str = "12345678") -> BankAccountInput:
    return BankAccountInput(bsb="062-000", account_number=number, account_name="Koala Honey")


@pytest.mark.django_db
def test_the_number_is_encrypted_at_rest_and_shown_masked() -> None:
    m = factories.merchant(active=False)
    account = bank_account_set(merchant=m, data=_au_details())
    assert "12345678" not in account.account_number_encrypted
    assert crypto.decrypt(account.account_number_encrypted) == "12345678"
    assert bank_account_number(account) == "12345678"
    assert account.masked_number == "•••••678"
    assert str(account).endswith("•••••678")


@pytest.mark.django_db
def test_bad_details_are_refused_with_every_field_named_and_nothing_saved() -> None:
    m = factories.merchant(active=False)
    with pytest.raises(ValidationFailed) as caught:
        bank_account_set(
            merchant=m,
            data=BankAccountInput(bsb="06-000", account_number="12ab", account_name="名字"),
        )
    assert set(caught.value.fields) == {"bsb", "account_number", "account_name"}
    assert not MerchantBankAccount.objects.filter(merchant=m).exists()


@pytest.mark.django_db
def test_a_change_keeps_the_history_and_unverifies() -> None:
    m = factories.merchant()  # active, with a verified account
    first = bank_account_current(m.pk)
    assert first is not None
    assert first.is_verified
    same = BankAccountInput(
        bsb=first.bsb, account_number=bank_account_number(first), account_name="Test"
    )
    assert bank_account_set(merchant=m, data=same).pk == first.pk  # the same details: no change
    second = bank_account_set(merchant=m, data=_au_details("87654321"))
    first.refresh_from_db()
    assert first.replaced_at is not None
    assert first.is_verified
    assert bank_account_current(m.pk) == second
    assert second.status == "unverified"
    assert [a.pk for a in bank_account_history(m.pk)] == [second.pk, first.pk]


@pytest.mark.django_db
def test_micro_deposits_verify_when_the_merchant_types_the_amounts() -> None:
    m = factories.merchant(active=False)
    bank_account_set(merchant=m, data=_au_details())
    account = bank_account_verification_start(merchant=m)
    assert account.status == "pending"
    sent = tuple(int(x) for x in crypto.decrypt(account.micro_deposits_encrypted).split(","))
    wrong = (sent[0] % 99 + 1, sent[1] % 99 + 1)
    with pytest.raises(MicroDepositMismatch):
        bank_account_confirm(merchant=m, amounts=wrong)
    account.refresh_from_db()
    assert (account.status, account.micro_deposit_attempts) == ("pending", 1)
    verified = bank_account_confirm(merchant=m, amounts=(sent[1], sent[0]))
    assert (verified.status, verified.verification_method) == ("verified", "micro_deposit")


@pytest.mark.django_db
def test_micro_deposit_guesses_run_out() -> None:
    m = factories.merchant(active=False)
    bank_account_set(merchant=m, data=_au_details())
    account = bank_account_verification_start(merchant=m)
    sent = sorted(int(x) for x in crypto.decrypt(account.micro_deposits_encrypted).split(","))
    wrong = (100 - sent[0], 100 - sent[0]) if sent[0] != 50 else (1, 1)
    for _ in range(rules.MICRO_DEPOSIT_MAX_ATTEMPTS):
        with pytest.raises(MicroDepositMismatch):
            bank_account_confirm(merchant=m, amounts=wrong)
    with pytest.raises(MicroDepositAttemptsExhausted):
        bank_account_confirm(merchant=m, amounts=(sent[0], sent[1]))  # even the right ones
    assert bank_account_current(m.pk).status == "pending"  # type: ignore[union-attr]


@pytest.mark.django_db
def test_the_bank_refuses_micro_deposits_to_a_closed_account() -> None:
    m = factories.merchant(active=False)
    bank_account_set(merchant=m, data=_au_details("5550002"))
    with pytest.raises(MicroDepositsRefused):
        bank_account_verification_start(merchant=m)
    assert bank_account_current(m.pk).status == "unverified"  # type: ignore[union-attr]


@pytest.mark.django_db
def test_an_operator_verifies_with_a_reason() -> None:
    m = factories.merchant(active=False)
    account = bank_account_set(merchant=m, data=_au_details())
    op = factories.operator()
    with pytest.raises(ValidationFailed):
        bank_account_verify_by_operator(account=account, actor=op, reason="  ")
    account.refresh_from_db()
    assert account.status == "unverified"
    done = bank_account_verify_by_operator(account=account, actor=op, reason="bank letter seen")
    assert (done.status, done.verified_by, done.verification_reason) == (
        "verified",
        op,
        "bank letter seen",
    )


@pytest.mark.django_db
def test_an_nz_merchant_gets_a_checked_account() -> None:
    m = factories.merchant("NZ", active=False)
    account = bank_account_set(
        merchant=m,
        data=BankAccountInput(account_number="01-0902-0068389-00", account_name="Kiwi Co"),
    )
    assert (account.bsb, account.masked_number) == ("", "•••••••••••••000")


@pytest.mark.django_db
def test_an_unverified_account_holds_the_payout_and_moves_no_money() -> None:
    _buyer, _checkout, order, _honey = paid()
    merchant = Merchant.objects.get(pk=order.merchant_id)
    bank_account_set(merchant=merchant, data=_au_details("99999999"))  # a change: unverified
    transfers = Transfer.objects.count()
    payouts = settlement_run(business_date=date(2026, 11, 21))
    assert [p for p in payouts if p.merchant_id == merchant.pk] == []
    assert not Payout.objects.filter(merchant=merchant).exists()
    assert not PayoutBatch.objects.filter(currency="AUD").exists()  # the NZ merchant's only
    assert Transfer.objects.count() - transfers == 2  # the NZ merchant's payout and fee
    [held] = payouts_held(merchant.pk)
    assert (held.reason, held.currency) == ("bank_account_unverified", "AUD")
    assert ledger_invariant().ok
    # verified again: the next run pays it
    account = bank_account_current(merchant.pk)
    assert account is not None
    bank_account_verify_by_operator(account=account, actor=None, reason="call-back done")
    [payout] = [
        p for p in settlement_run(business_date=date(2026, 11, 22)) if p.merchant_id == merchant.pk
    ]
    assert payout.status == "instructed"
    assert payout.batch_line.bank_account == account
    assert payouts_held(merchant.pk) == []


@pytest.mark.django_db
def test_demo_merchants_get_verified_well_formed_accounts() -> None:
    from tradelane.merchants.models import MerchantStatus
    from tradelane.tools.demo.bank_accounts import demo_bank_accounts_create

    au = factories.merchant(active=False)
    nz = factories.merchant("NZ", active=False)
    Merchant.objects.filter(pk__in=[au.pk, nz.pk]).update(status=MerchantStatus.ACTIVE)
    applied = factories.merchant(active=False)
    assert demo_bank_accounts_create() == 2
    assert demo_bank_accounts_create() == 0  # once
    au_account, nz_account = bank_account_current(au.pk), bank_account_current(nz.pk)
    assert au_account is not None
    assert nz_account is not None
    assert au_account.is_verified
    assert nz_account.is_verified
    assert rules.bsb_clean(au_account.bsb) == au_account.bsb
    rules.au_account_number_clean(bank_account_number(au_account))
    rules.nz_account_number_clean(bank_account_number(nz_account))
    assert bank_account_current(applied.pk) is None
