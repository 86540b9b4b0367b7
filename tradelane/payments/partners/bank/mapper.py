"""Pure translation between Tradelane's top-ups and the bank's wire messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ChargeRequest:
    reference: str  # our id; the bank de-duplicates on it
    funding_source: str
    amount_minor: int
    currency: str


@dataclass(frozen=True)
class ChargeResult:
    """What the bank said: approved, declined, or pending (ask again later). Errors are data."""

    status: str
    bank_reference: str
    decline_code: str = ""
    message: str = ""


def to_wire(request: ChargeRequest) -> dict[str, Any]:
    return {
        "EndToEndId": request.reference,
        "DebtorAccount": request.funding_source,
        "InstructedAmount": {"Amount": request.amount_minor, "Currency": request.currency},
    }


def from_wire(message: dict[str, Any]) -> ChargeResult:
    status = {"ACSC": "approved", "RJCT": "declined", "PDNG": "pending"}[message["TxSts"]]
    return ChargeResult(
        status=status,
        bank_reference=message["TxId"],
        decline_code=message.get("RsnCd", ""),
        message=message.get("AddtlInf", ""),
    )


@dataclass(frozen=True)
class PayoutRequest:
    reference: str
    creditor: str  # the merchant's bank account, as the bank knows it
    amount_minor: int
    currency: str


def payout_to_wire(request: PayoutRequest) -> dict[str, Any]:
    return {
        "EndToEndId": request.reference,
        "CreditorAccount": request.creditor,
        "InstructedAmount": {"Amount": request.amount_minor, "Currency": request.currency},
    }


@dataclass(frozen=True)
class PayoutFileRequest:
    """A payout batch as the bank takes it: the file's bytes under a name it de-duplicates on."""

    reference: str
    file_name: str
    file_format: str  # "aba" (AU BECS direct entry) or "ib4b" (NZ bulk payment)
    currency: str
    content: bytes


@dataclass(frozen=True)
class PayoutFileResult:
    """The bank took the file (or not); lines it could not pay come back by their position
    among the file's payment lines (1-based), as a return/dishonour report does."""

    accepted: bool
    bank_reference: str
    returned_lines: dict[int, str]  # line -> reason code
    message: str = ""


@dataclass(frozen=True)
class MicroDepositRequest:
    """Two small credits a merchant reads off their statement to prove the account is theirs."""

    reference: str
    country: str
    bsb: str
    account_number: str
    amounts_minor: tuple[int, int]
    currency: str
