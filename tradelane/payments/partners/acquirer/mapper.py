"""Pure translation between Tradelane's card requests and a PaymentIntents-style wire (the
shapes Stripe uses: an intent object with a status, `next_action`, `last_payment_error`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The acquirer's intent statuses (Stripe's, with manual capture).
REQUIRES_PAYMENT_METHOD = "requires_payment_method"
REQUIRES_ACTION = "requires_action"
REQUIRES_CAPTURE = "requires_capture"
SUCCEEDED = "succeeded"
CANCELED = "canceled"


@dataclass(frozen=True)
class CardDetails:
    """What the shopper typed. Passed to the acquirer once and never stored by the platform."""

    number: str
    exp_month: int
    exp_year: int
    cvc: str
    name: str


@dataclass(frozen=True)
class IntentRequest:
    idempotency_key: str  # the acquirer de-duplicates on it
    amount_minor: int
    currency: str


@dataclass(frozen=True)
class ConfirmRequest:
    intent_reference: str
    idempotency_key: str
    card: CardDetails


@dataclass(frozen=True)
class ChallengeRequest:
    intent_reference: str
    challenge_id: str
    passed: bool


@dataclass(frozen=True)
class CaptureRequest:
    intent_reference: str
    idempotency_key: str
    amount_minor: int
    currency: str


@dataclass(frozen=True)
class RefundRequest:
    intent_reference: str
    idempotency_key: str
    amount_minor: int
    currency: str


@dataclass(frozen=True)
class IntentResult:
    """What the acquirer said about an intent. Refusals are data, not exceptions."""

    reference: str
    status: str
    token: str = ""  # the acquirer's payment method id: what the platform keeps instead of the PAN
    brand: str = ""
    last4: str = ""
    challenge_id: str = ""
    charge_reference: str = ""
    decline_code: str = ""
    message: str = ""


@dataclass(frozen=True)
class RefundResult:
    reference: str
    status: str  # succeeded | failed
    decline_code: str = ""
    message: str = ""


def confirm_to_wire(request: ConfirmRequest) -> dict[str, Any]:
    card = request.card
    return {
        "payment_intent": request.intent_reference,
        "idempotency_key": request.idempotency_key,
        "payment_method_data": {
            "type": "card",
            "card": {
                "number": card.number,
                "exp_month": card.exp_month,
                "exp_year": card.exp_year,
                "cvc": card.cvc,
            },
            "billing_details": {"name": card.name},
        },
    }


def intent_from_wire(message: dict[str, Any]) -> IntentResult:
    method = message.get("payment_method") or {}
    card = method.get("card") or {}
    error = message.get("last_payment_error") or {}
    action = message.get("next_action") or {}
    charge = message.get("latest_charge") or ""
    return IntentResult(
        reference=message["id"],
        status=message["status"],
        token=method.get("id", ""),
        brand=card.get("brand", ""),
        last4=card.get("last4", ""),
        challenge_id=(action.get("use_stripe_sdk") or {}).get("three_d_secure_2_source", ""),
        charge_reference=charge,
        decline_code=error.get("decline_code") or error.get("code", ""),
        message=error.get("message", ""),
    )


def refund_from_wire(message: dict[str, Any]) -> RefundResult:
    return RefundResult(
        reference=message["id"],
        status=message["status"],
        decline_code=message.get("failure_reason", ""),
        message=message.get("failure_message", ""),
    )
