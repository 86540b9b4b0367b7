"""Which adapter answers for each kind of outside system."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from tradelane.payments.partners.acquirer.client import SimulatedAcquirer
from tradelane.payments.partners.acquirer.mapper import (
    CaptureRequest,
    ChallengeRequest,
    ConfirmRequest,
    IntentRequest,
    IntentResult,
    RefundRequest,
    RefundResult,
)
from tradelane.payments.partners.acquirer.settings import acquirer_settings
from tradelane.payments.partners.bank.client import SimulatedBank
from tradelane.payments.partners.bank.mapper import (
    ChargeRequest,
    ChargeResult,
    MicroDepositRequest,
    PayoutFileRequest,
    PayoutFileResult,
    PayoutRequest,
)
from tradelane.payments.partners.bank.settings import bank_settings


class BankClient(Protocol):
    name: str

    def charge(self, request: ChargeRequest, *, now: datetime) -> ChargeResult: ...

    def status(
        self, request: ChargeRequest, *, created_at: datetime, now: datetime
    ) -> ChargeResult: ...

    def payout(self, request: PayoutRequest, *, now: datetime) -> ChargeResult: ...

    def payout_file(self, request: PayoutFileRequest, *, now: datetime) -> PayoutFileResult: ...

    def micro_deposits(self, request: MicroDepositRequest, *, now: datetime) -> ChargeResult: ...


def bank() -> BankClient:
    settings = bank_settings()
    if settings.provider == "simulated":
        return SimulatedBank(settings)
    raise LookupError(f"no bank adapter named {settings.provider!r}")


class AcquirerClient(Protocol):
    """A card acquirer with PaymentIntents semantics (manual capture)."""

    name: str

    def create_intent(self, request: IntentRequest) -> IntentResult: ...

    def confirm(self, request: ConfirmRequest) -> IntentResult: ...

    def authenticate(self, request: ChallengeRequest) -> IntentResult: ...

    def capture(self, request: CaptureRequest) -> IntentResult: ...

    def cancel(self, intent_reference: str) -> IntentResult: ...

    def refund(self, request: RefundRequest) -> RefundResult: ...


def acquirer() -> AcquirerClient:
    settings = acquirer_settings()
    if settings.provider == "simulated":
        return SimulatedAcquirer(settings)
    raise LookupError(f"no acquirer adapter named {settings.provider!r}")
