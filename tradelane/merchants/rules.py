"""Merchant rules without the ORM: business numbers and the onboarding state machine."""

from __future__ import annotations

from stdnum import ean
from stdnum.au import abn
from stdnum.exceptions import ValidationError as StdnumError

COUNTRY_CURRENCY = {"AU": "AUD", "NZ": "NZD"}
NZBN_PREFIX = "94"

# from -> allowed targets. Rejected is final; a suspended merchant can be reinstated.
TRANSITIONS: dict[str, frozenset[str]] = {
    "applied": frozenset({"in_review", "active", "rejected"}),
    "in_review": frozenset({"active", "rejected"}),
    "active": frozenset({"suspended"}),
    "suspended": frozenset({"active"}),
    "rejected": frozenset(),
}


class BusinessNumberInvalid(ValueError):
    pass


def business_number_clean(country: str, number: str) -> str:
    """The compact, check-digit-verified ABN (AU) or NZBN (NZ), or BusinessNumberInvalid.

    An NZBN is a GS1 Global Location Number: 13 digits under GS1 New Zealand's prefix 94, with
    the GS1 modulo-10 check digit, which python-stdnum checks as an EAN-13.
    """
    try:
        if country == "AU":
            return str(abn.validate(number))
        if country == "NZ":
            compact = str(ean.validate(number))
            if len(compact) != 13 or not compact.startswith(NZBN_PREFIX):
                raise BusinessNumberInvalid("an NZBN has 13 digits and starts with 94")
            return compact
    except StdnumError as exc:
        raise BusinessNumberInvalid(str(exc)) from exc
    raise BusinessNumberInvalid("merchants are registered in AU or NZ")


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


# --- Bank accounts for payouts -----------------------------------------------------------------
#
# python-stdnum checks New Zealand account numbers (stdnum.nz.bankaccount: the bank and branch
# registry and the per-bank check-digit algorithms) but has no module for Australian BSBs or
# account numbers, so the Australian format rules are here. An Australian account number has no
# public check digit: each bank keeps its own, so format is all that can be checked before the
# micro-deposit proves the account.

# The characters a bank file's name and reference fields accept. BECS (the ABA file) allows
# letters, digits, space and a few punctuation marks; the NZ bulk file accepts the same set,
# and keeping to it means the name the merchant typed is the name the bank sees.
BANK_FILE_CHARACTERS = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 &'()*+,-./"
)
ACCOUNT_NAME_MAX = 32  # the ABA detail record's title field; the widest a bank file carries
AU_ACCOUNT_MAX_DIGITS = 9
MASK_VISIBLE_DIGITS = 3


class BankAccountInvalid(ValueError):
    """`field` names the input at fault, so a form or the API can point at it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch not in " -")


def bsb_clean(value: str) -> str:
    """An Australian Bank-State-Branch number as the ABA file writes it: NNN-NNN."""
    digits = _digits(value.strip())
    if len(digits) != 6 or not digits.isdigit():
        raise BankAccountInvalid("bsb", "a BSB has 6 digits, written NNN-NNN")
    if digits.startswith("00"):  # no BSB is issued under a 00 bank code
        raise BankAccountInvalid("bsb", "a BSB does not start with 00")
    return f"{digits[:3]}-{digits[3:]}"


def au_account_number_clean(value: str) -> str:
    """An Australian account number: 1 to 9 digits, not all zeros (spaces and hyphens dropped)."""
    digits = _digits(value.strip())
    if not digits.isdigit() or not 1 <= len(digits) <= AU_ACCOUNT_MAX_DIGITS:
        raise BankAccountInvalid("account_number", "an account number has 1 to 9 digits")
    if set(digits) == {"0"}:
        raise BankAccountInvalid("account_number", "an account number is not all zeros")
    return digits


def nz_account_number_clean(value: str) -> str:
    """A New Zealand account number, checked by python-stdnum against the bank's own check-digit
    rule, as 16 digits: bank 2, branch 4, account 7, suffix 3 (the bulk file's form)."""
    from stdnum.nz import bankaccount

    try:
        return str(bankaccount.validate(value))
    except StdnumError as exc:
        raise BankAccountInvalid("account_number", str(exc)) from exc


def account_name_clean(value: str) -> str:
    """The account's name as the bank file carries it: the bank file's characters only, at most
    32, spaces collapsed; refused rather than silently changed, so what is paid is what was typed."""
    name = " ".join(value.split())
    if not name:
        raise BankAccountInvalid("account_name", "the account name is required")
    if len(name) > ACCOUNT_NAME_MAX:
        raise BankAccountInvalid("account_name", "the account name has at most 32 characters")
    bad = sorted({ch for ch in name if ch not in BANK_FILE_CHARACTERS})
    if bad:
        raise BankAccountInvalid(
            "account_name",
            "bank files accept letters A-Z, digits, spaces and & ' ( ) * + , - . / only; not: "
            + " ".join(bad),
        )
    return name


def mask_account(digits: str) -> str:
    """Every digit hidden but the last three: what every page and API shows."""
    visible = digits[-MASK_VISIBLE_DIGITS:]
    return "•" * max(len(digits) - MASK_VISIBLE_DIGITS, 0) + visible


# A micro-deposit is two small credits the merchant reads off their statement and types back.
MICRO_DEPOSIT_MIN_MINOR, MICRO_DEPOSIT_MAX_MINOR = 1, 99
MICRO_DEPOSIT_MAX_ATTEMPTS = 5


def micro_deposit_amounts(seed: bytes) -> tuple[int, int]:
    """Two different amounts of 1 to 99 cents from a secret seed (not guessable, reproducible)."""
    span = MICRO_DEPOSIT_MAX_MINOR - MICRO_DEPOSIT_MIN_MINOR + 1
    first = MICRO_DEPOSIT_MIN_MINOR + seed[0] % span
    second = MICRO_DEPOSIT_MIN_MINOR + seed[1] % (span - 1)
    if second >= first:
        second += 1  # two different amounts, so the order the merchant types them matters less
    return first, second


def micro_deposits_match(expected: tuple[int, int], given: tuple[int, int]) -> bool:
    """The two amounts, in either order."""
    return sorted(expected) == sorted(given)
