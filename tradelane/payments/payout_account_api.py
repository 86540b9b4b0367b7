"""/merchant/bank-account: where a merchant's payouts go, for its API keys. Every answer masks
the account number to its last three digits. Setting the account starts the penny test (two
micro-deposits through the bank adapter), which is why this router sits in payments: only
payments talks to the bank, and merchants may not import it."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from tradelane.core.errors import ApplicationError
from tradelane.core.money import Money
from tradelane.core.schemas import Amount, errors
from tradelane.merchants import rules
from tradelane.merchants.auth import MerchantKeyAuth, current_merchant
from tradelane.merchants.bank_accounts import (
    BankAccountInput,
    bank_account_confirm,
    bank_account_current,
    bank_account_set,
)
from tradelane.merchants.errors import BankAccountMissing
from tradelane.merchants.models import BankAccountStatus, MerchantBankAccount
from tradelane.payments.services.payout_accounts import bank_account_verification_start

router = Router(auth=MerchantKeyAuth())


class BankAccountIn(Schema):
    bsb: str = Field("", max_length=9, description="AU only: 6 digits, NNN-NNN")
    account_number: str = Field(..., min_length=1, max_length=24)
    account_name: str = Field(..., min_length=1, max_length=64)


class MicroDepositsIn(Schema):
    amounts: list[Amount] = Field(
        ...,
        min_length=2,
        max_length=2,
        description="the two deposits as on the statement, in the settlement currency",
    )


class BankAccountOut(Schema):
    country: str
    bsb: str
    account_number_masked: str
    account_name: str
    status: BankAccountStatus
    verification_method: str
    verified_at: datetime | None
    micro_deposit_attempts_left: int
    micro_deposits_error: str = Field(
        "", description="the bank's refusal of the micro-deposits, when it refused them"
    )
    created_at: datetime

    @staticmethod
    def resolve_account_number_masked(obj: MerchantBankAccount) -> str:
        return obj.masked_number

    @staticmethod
    def resolve_micro_deposit_attempts_left(obj: MerchantBankAccount) -> int:
        return max(rules.MICRO_DEPOSIT_MAX_ATTEMPTS - obj.micro_deposit_attempts, 0)


def _out(account: MerchantBankAccount, micro_deposits_error: str = "") -> BankAccountOut:
    out = BankAccountOut.from_orm(account)
    out.micro_deposits_error = micro_deposits_error
    return out


@router.get("/bank-account", response={200: BankAccountOut, **errors(401, 404)})
def bank_account_read(request: HttpRequest) -> BankAccountOut:
    account = bank_account_current(current_merchant(request).pk)
    if account is None:
        raise BankAccountMissing(_("No bank account yet."))
    return _out(account)


@router.put("/bank-account", response={200: BankAccountOut, **errors(401, 422)})
def bank_account_write(request: HttpRequest, payload: BankAccountIn) -> BankAccountOut:
    """The same details again change nothing. New details replace the account (kept in the
    history), hold payouts until verified, and send the micro-deposits; if the bank refuses
    them, the account is saved unverified and `micro_deposits_error` says why."""
    merchant = current_merchant(request)
    account = bank_account_set(merchant=merchant, data=BankAccountInput(**payload.dict()))
    if account.status != BankAccountStatus.UNVERIFIED:
        return _out(account)
    try:
        return _out(bank_account_verification_start(merchant=merchant))
    except ApplicationError as refusal:
        return _out(account, micro_deposits_error=refusal.code)


@router.post(
    "/bank-account/micro-deposits", response={200: BankAccountOut, **errors(401, 404, 409, 422)}
)
def bank_account_micro_deposits_send(request: HttpRequest) -> BankAccountOut:
    """New micro-deposits (new amounts, attempts counted afresh)."""
    return _out(bank_account_verification_start(merchant=current_merchant(request)))


@router.post("/bank-account/confirm", response={200: BankAccountOut, **errors(401, 404, 409, 422)})
def bank_account_micro_deposits_confirm(
    request: HttpRequest, payload: MicroDepositsIn
) -> BankAccountOut:
    merchant = current_merchant(request)
    currency = merchant.settlement_currency
    first, second = (Money.of(a, currency).minor for a in payload.amounts)
    return _out(bank_account_confirm(merchant=merchant, amounts=(first, second)))
