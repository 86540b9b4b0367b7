"""Which adapter answers for each kind of outside system."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from tradelane.payments.partners.bank.client import SimulatedBank
from tradelane.payments.partners.bank.mapper import ChargeRequest, ChargeResult, PayoutRequest
from tradelane.payments.partners.bank.settings import bank_settings


class BankClient(Protocol):
    name: str

    def charge(self, request: ChargeRequest, *, now: datetime) -> ChargeResult: ...

    def status(
        self, request: ChargeRequest, *, created_at: datetime, now: datetime
    ) -> ChargeResult: ...

    def payout(self, request: PayoutRequest, *, now: datetime) -> ChargeResult: ...


def bank() -> BankClient:
    settings = bank_settings()
    if settings.provider == "simulated":
        return SimulatedBank(settings)
    raise LookupError(f"no bank adapter named {settings.provider!r}")
