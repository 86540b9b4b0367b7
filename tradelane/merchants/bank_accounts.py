"""The bank account a merchant is paid out to: set (a change keeps the history and un-verifies),
proven by micro-deposits or by an operator, read masked.

The micro-deposits themselves are sent by payments (its bank adapter), which records them here
through `bank_account_micro_deposits_record`: merchants sits below payments and never calls it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tradelane.core import clock, crypto
from tradelane.core.errors import ValidationFailed
from tradelane.merchants import rules
from tradelane.merchants.errors import (
    BankAccountMissing,
    BankAccountNotPending,
    MicroDepositAttemptsExhausted,
    MicroDepositMismatch,
)
from tradelane.merchants.models import (
    BankAccountStatus,
    Merchant,
    MerchantBankAccount,
    VerificationMethod,
)

FIELD_MESSAGES = {
    "bsb": gettext_lazy("Check the BSB: 6 digits, written 123-456."),
    "account_number": gettext_lazy("Check the account number."),
    "account_name": gettext_lazy("Check the account name."),
}


@dataclass(frozen=True)
class BankAccountInput:
    account_number: str
    account_name: str
    bsb: str = ""  # AU only


def bank_account_clean(country: str, data: BankAccountInput) -> dict[str, str]:
    """The merchant's country's rules applied to every field; all faults reported at once."""
    faults: dict[str, list[str]] = {}
    cleaned: dict[str, str] = {}
    checks: list[tuple[str, Any]] = [
        ("account_name", lambda: rules.account_name_clean(data.account_name))
    ]
    if country == "AU":
        checks += [
            ("bsb", lambda: rules.bsb_clean(data.bsb)),
            ("account_number", lambda: rules.au_account_number_clean(data.account_number)),
        ]
    elif country == "NZ":
        checks.append(
            ("account_number", lambda: rules.nz_account_number_clean(data.account_number))
        )
    else:
        raise ValidationFailed(_("Payouts go to Australian or New Zealand bank accounts."))
    for field, check in checks:
        try:
            cleaned[field] = check()
        except rules.BankAccountInvalid as exc:
            faults.setdefault(exc.field, []).append(str(exc))
    if faults:
        raise ValidationFailed(
            _("The bank account details are not valid: %(fields)s")
            % {"fields": " ".join(str(FIELD_MESSAGES[f]) for f in faults)},
            code="bank_account_invalid",
            fields=faults,
        )
    cleaned.setdefault("bsb", "")
    return cleaned


def bank_account_current(merchant_id: int) -> MerchantBankAccount | None:
    return MerchantBankAccount.objects.filter(
        merchant_id=merchant_id, replaced_at__isnull=True
    ).first()


def bank_account_history(merchant_id: int) -> list[MerchantBankAccount]:
    return list(MerchantBankAccount.objects.filter(merchant_id=merchant_id))


def bank_account_number(account: MerchantBankAccount) -> str:
    """The full account number, for the bank file only: never for a page or the API."""
    return crypto.decrypt(account.account_number_encrypted)


def verified_accounts(merchant_ids: Iterable[int]) -> dict[int, MerchantBankAccount]:
    """Each merchant's current account, where it is verified: whom a payout run may pay."""
    rows = MerchantBankAccount.objects.filter(
        merchant_id__in=list(merchant_ids),
        replaced_at__isnull=True,
        status=BankAccountStatus.VERIFIED,
    )
    return {row.merchant_id: row for row in rows}


def _lock_merchant(merchant_id: int) -> None:
    # One writer at a time per merchant: two changes at once would both close the same row.
    Merchant.objects.select_for_update().filter(pk=merchant_id).values_list("pk").first()


@transaction.atomic
def bank_account_set(
    *, merchant: Merchant, data: BankAccountInput, actor: Any = None
) -> MerchantBankAccount:
    """Set where payouts go. The same details again change nothing (a verified account stays
    verified); different details close the current row and start an unverified one, which
    holds payouts until it is proven."""
    cleaned = bank_account_clean(merchant.country, data)
    _lock_merchant(merchant.pk)
    current = bank_account_current(merchant.pk)
    number = cleaned["account_number"]
    if (
        current is not None
        and (current.bsb, current.account_name) == (cleaned["bsb"], cleaned["account_name"])
        and bank_account_number(current) == number
    ):
        return current
    now = clock.now()
    if current is not None:
        MerchantBankAccount.objects.filter(pk=current.pk).update(replaced_at=now)
    return MerchantBankAccount.objects.create(
        merchant=merchant,
        country=merchant.country,
        bsb=cleaned["bsb"],
        account_number_encrypted=crypto.encrypt(number),
        account_last_digits=number[-rules.MASK_VISIBLE_DIGITS :],
        account_digits_count=len(number),
        account_name=cleaned["account_name"],
        created_by=actor if getattr(actor, "pk", None) else None,
        created_at=now,
    )


@transaction.atomic
def bank_account_micro_deposits_record(
    *, account_id: int, amounts: tuple[int, int], reference: str
) -> MerchantBankAccount:
    """The bank sent the two deposits: the account waits for the merchant to type them."""
    account = MerchantBankAccount.objects.select_for_update().get(pk=account_id)
    if account.replaced_at is not None or account.is_verified:
        raise BankAccountNotPending(_("This bank account is no longer waiting for verification."))
    account.status = BankAccountStatus.PENDING
    account.micro_deposits_encrypted = crypto.encrypt(f"{amounts[0]},{amounts[1]}")
    account.micro_deposit_reference = reference
    account.micro_deposit_attempts = 0
    account.save(
        update_fields=[
            "status",
            "micro_deposits_encrypted",
            "micro_deposit_reference",
            "micro_deposit_attempts",
        ]
    )
    return account


def bank_account_confirm(*, merchant: Merchant, amounts: tuple[int, int]) -> MerchantBankAccount:
    """The merchant types the two amounts. A wrong pair counts an attempt (kept even though the
    request is refused, else guessing would be free); after five the deposits must be re-sent."""
    with transaction.atomic():
        _lock_merchant(merchant.pk)
        account = bank_account_current(merchant.pk)
        if account is None:
            raise BankAccountMissing(_("Add a bank account first."))
        if account.status != BankAccountStatus.PENDING:
            raise BankAccountNotPending(_("No micro-deposits are waiting for this account."))
        if account.micro_deposit_attempts >= rules.MICRO_DEPOSIT_MAX_ATTEMPTS:
            raise MicroDepositAttemptsExhausted(
                _("Too many wrong amounts: ask for new micro-deposits.")
            )
        first, second = (
            int(x) for x in crypto.decrypt(account.micro_deposits_encrypted).split(",")
        )
        matched = rules.micro_deposits_match((first, second), amounts)
        if matched:
            account.status = BankAccountStatus.VERIFIED
            account.verification_method = VerificationMethod.MICRO_DEPOSIT
            account.verified_at = clock.now()
            account.micro_deposits_encrypted = ""
            account.save(
                update_fields=[
                    "status",
                    "verification_method",
                    "verified_at",
                    "micro_deposits_encrypted",
                ]
            )
            return account
        account.micro_deposit_attempts += 1
        account.save(update_fields=["micro_deposit_attempts"])
    left = rules.MICRO_DEPOSIT_MAX_ATTEMPTS - account.micro_deposit_attempts
    raise MicroDepositMismatch(
        _("Those are not the amounts we sent. Attempts left: %(left)s.") % {"left": left},
        fields={"amounts": []},
        extra={"attempts_left": left},
    )


@transaction.atomic
def bank_account_verify_by_operator(
    *, account: MerchantBankAccount, actor: Any, reason: str
) -> MerchantBankAccount:
    """An operator vouches for the account (a bank letter, a call-back): the reason is kept."""
    if not reason.strip():
        raise ValidationFailed(
            _("Say why the account is verified."), fields={"reason": [_("Required.")]}
        )
    _lock_merchant(account.merchant_id)
    account = MerchantBankAccount.objects.get(pk=account.pk)
    if account.replaced_at is not None:
        raise BankAccountNotPending(_("This bank account was replaced: verify the current one."))
    if account.is_verified:
        return account
    account.status = BankAccountStatus.VERIFIED
    account.verification_method = VerificationMethod.OPERATOR
    account.verification_reason = reason.strip()
    account.verified_by = actor
    account.verified_at = clock.now()
    account.micro_deposits_encrypted = ""
    account.save(
        update_fields=[
            "status",
            "verification_method",
            "verification_reason",
            "verified_by",
            "verified_at",
            "micro_deposits_encrypted",
        ]
    )
    return account
