"""Proving a merchant's payout account: the bank adapter sends two micro-deposits (a penny
test), the merchant types them back in the portal (merchants.bank_accounts.bank_account_confirm).

Lives in payments because only payments talks to the bank; merchants records the outcome."""

from __future__ import annotations

import secrets

from django.utils.translation import gettext as _

from tradelane.core import clock
from tradelane.core.errors import RuleViolation
from tradelane.merchants import rules
from tradelane.merchants.bank_accounts import (
    bank_account_current,
    bank_account_micro_deposits_record,
    bank_account_number,
)
from tradelane.merchants.errors import BankAccountMissing, BankAccountNotPending
from tradelane.merchants.models import Merchant, MerchantBankAccount
from tradelane.payments.partners.bank.mapper import MicroDepositRequest
from tradelane.payments.partners.registry import bank


class MicroDepositsRefused(RuleViolation):
    default_code = "micro_deposits_refused"


def bank_account_verification_start(*, merchant: Merchant) -> MerchantBankAccount:
    """Send two micro-deposits to the current account (again, if asked: new amounts and a new
    count of attempts). The bank's refusal (a closed account) leaves the account unverified."""
    account = bank_account_current(merchant.pk)
    if account is None:
        raise BankAccountMissing(_("Add a bank account first."))
    if account.is_verified:
        raise BankAccountNotPending(_("This bank account is already verified."))
    amounts = rules.micro_deposit_amounts(secrets.token_bytes(2))
    reference = f"verify:{account.pk}:{secrets.token_hex(4)}"
    result = bank().micro_deposits(
        MicroDepositRequest(
            reference=reference,
            country=account.country,
            bsb=account.bsb,
            account_number=bank_account_number(account),
            amounts_minor=amounts,
            currency=merchant.settlement_currency,
        ),
        now=clock.now(),
    )
    if result.status != "approved":
        raise MicroDepositsRefused(
            _("The bank could not send the micro-deposits: check the account details."),
            extra={"decline_code": result.decline_code},
        )
    return bank_account_micro_deposits_record(
        account_id=account.pk, amounts=amounts, reference=result.bank_reference
    )
