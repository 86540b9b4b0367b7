"""The simulated bank: answers like a card/account acquirer, without leaving the process.

Behaviour, all from the request itself (so any process gives the same answer, like a real bank):
- funding sources ending 0002 are declined (card_declined); ending 9995 lack funds
  (insufficient_funds); ending 3155 settle asynchronously after `settle_after_seconds`;
- otherwise approved, except a configurable share declined at random (do_not_honor), chosen by a
  hash of the reference so a retry of the same charge gets the same answer.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from tradelane.payments.partners.bank.mapper import (
    ChargeRequest,
    ChargeResult,
    MicroDepositRequest,
    PayoutFileRequest,
    PayoutFileResult,
    PayoutRequest,
    from_wire,
    payout_to_wire,
    to_wire,
)
from tradelane.payments.partners.bank.settings import BankSettings

DECLINES = {
    "0002": ("card_declined", "The card was declined."),
    "9995": ("insufficient_funds", "The account has insufficient funds."),
}
ASYNC_SUFFIX = "3155"


class SimulatedBank:
    name = "simulated"

    def __init__(self, settings: BankSettings) -> None:
        self.settings = settings

    def _answer(
        self, wire: dict[str, Any], *, asked_at: datetime, created_at: datetime
    ) -> dict[str, Any]:
        source, reference = wire["DebtorAccount"], wire["EndToEndId"]
        tx_id = "SIMB" + hashlib.sha256(reference.encode()).hexdigest()[:16].upper()
        for suffix, (code, text) in DECLINES.items():
            if source.endswith(suffix):
                return {"TxSts": "RJCT", "TxId": tx_id, "RsnCd": code, "AddtlInf": text}
        if (
            source.endswith(ASYNC_SUFFIX)
            and (asked_at - created_at).total_seconds() < self.settings.settle_after_seconds
        ):
            return {"TxSts": "PDNG", "TxId": tx_id}
        if (
            int(hashlib.sha256(tx_id.encode()).hexdigest(), 16) % 1000
            < self.settings.random_decline_permille
        ):
            return {
                "TxSts": "RJCT",
                "TxId": tx_id,
                "RsnCd": "do_not_honor",
                "AddtlInf": "The bank declined.",
            }
        return {"TxSts": "ACSC", "TxId": tx_id}

    def charge(self, request: ChargeRequest, *, now: datetime) -> ChargeResult:
        return from_wire(self._answer(to_wire(request), asked_at=now, created_at=now))

    def status(
        self, request: ChargeRequest, *, created_at: datetime, now: datetime
    ) -> ChargeResult:
        return from_wire(self._answer(to_wire(request), asked_at=now, created_at=created_at))

    def payout(self, request: PayoutRequest, *, now: datetime) -> ChargeResult:
        """Credit transfers to merchants: accepted, except to accounts ending 0002 (closed)."""
        wire = payout_to_wire(request)
        tx_id = "SIMP" + hashlib.sha256(wire["EndToEndId"].encode()).hexdigest()[:16].upper()
        if wire["CreditorAccount"].endswith("0002"):
            return from_wire(
                {
                    "TxSts": "RJCT",
                    "TxId": tx_id,
                    "RsnCd": "account_closed",
                    "AddtlInf": "The account is closed.",
                }
            )
        return from_wire({"TxSts": "ACSC", "TxId": tx_id})

    def payout_file(self, request: PayoutFileRequest, *, now: datetime) -> PayoutFileResult:
        """Reads the file as the bank's intake would: a file that does not parse is refused
        whole; a payment line to an account ending 0002 (closed) comes back returned."""
        bank_reference = "SIMF" + hashlib.sha256(request.reference.encode()).hexdigest()[:16]
        try:
            accounts = _payment_accounts(request.file_format, request.content)
        except (UnicodeDecodeError, ValueError) as exc:
            return PayoutFileResult(False, bank_reference.upper(), {}, f"file refused: {exc}")
        returned = {
            n: "account_closed" for n, account in enumerate(accounts, 1) if account.endswith("0002")
        }
        return PayoutFileResult(True, bank_reference.upper(), returned)

    def micro_deposits(self, request: MicroDepositRequest, *, now: datetime) -> ChargeResult:
        """Sends the two deposits; a closed account (ending 0002) refuses them."""
        tx_id = "SIMV" + hashlib.sha256(request.reference.encode()).hexdigest()[:16].upper()
        if request.account_number.endswith("0002"):
            return ChargeResult("declined", tx_id, "account_closed", "The account is closed.")
        return ChargeResult("approved", tx_id)


def _payment_accounts(file_format: str, content: bytes) -> list[str]:
    """The credited account of each payment line, in order, checking the records' shape."""
    records = content.decode("ascii").split("\r\n")
    if records[-1] != "":
        raise ValueError("records end with CRLF")
    records = records[:-1]
    if file_format == "aba":
        if any(len(r) != 120 for r in records) or records[0][:1] != "0" or records[-1][:1] != "7":
            raise ValueError("not an ABA file")
        details = [r for r in records if r[:1] == "1" and r[18:20] != "13"]
        if int(records[-1][74:80]) != len(records) - 2:
            raise ValueError("the record count disagrees")
        return [r[8:17].strip() for r in details]
    if file_format == "ib4b":
        if records[0][:2] != "1," or records[-1][:2] != "3,":
            raise ValueError("not an IB4B file")
        lines = [r.split(",") for r in records[1:-1]]
        control = records[-1].split(",")
        if int(control[2]) != len(lines) or int(control[1]) != sum(int(x[3]) for x in lines):
            raise ValueError("the control record disagrees")
        return [x[1] for x in lines]
    raise ValueError(f"unknown file format {file_format!r}")
