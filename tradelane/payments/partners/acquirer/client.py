"""The simulated card acquirer: answers like Stripe's PaymentIntents (manual capture), without
leaving the process.

Like the simulated bank, every answer follows from the request itself (the same request gives
the same answer in any process): an intent's id is derived from its idempotency key, a card's
token from a keyed digest of its number, a 3-D Secure challenge id from a keyed digest of the
intent. Test cards, as Stripe's:

- 4242 4242 4242 4242 (and any other valid number): approved;
- 4000 0000 0000 3220: needs a 3-D Secure challenge, approved once the shopper passes it;
- 4000 0000 0000 0002: declined (generic_decline);
- 4000 0000 0000 9995: declined (insufficient_funds);
- 4000 0000 0000 0069: declined (expired_card); 4000 0000 0000 0127: declined (incorrect_cvc).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.utils.crypto import constant_time_compare, salted_hmac

from tradelane.payments.cards.rules import card_brand
from tradelane.payments.partners.acquirer.mapper import (
    CANCELED,
    REQUIRES_ACTION,
    REQUIRES_CAPTURE,
    REQUIRES_PAYMENT_METHOD,
    SUCCEEDED,
    CaptureRequest,
    ChallengeRequest,
    ConfirmRequest,
    IntentRequest,
    IntentResult,
    RefundRequest,
    RefundResult,
    confirm_to_wire,
    intent_from_wire,
    refund_from_wire,
)
from tradelane.payments.partners.acquirer.settings import AcquirerSettings

THREE_D_SECURE = "4000000000003220"
DECLINES = {
    "4000000000000002": ("generic_decline", "Your card was declined."),
    "4000000000009995": ("insufficient_funds", "Your card has insufficient funds."),
    "4000000000000069": ("expired_card", "Your card has expired."),
    "4000000000000127": ("incorrect_cvc", "Your card's security code is incorrect."),
}


def _digest(kind: str, value: str) -> str:
    return salted_hmac(f"tradelane.simulated-acquirer.{kind}", value).hexdigest()[:24]


def _intent_id(idempotency_key: str) -> str:
    return "pi_sim_" + hashlib.sha256(idempotency_key.encode()).hexdigest()[:24]


def challenge_for(intent_reference: str) -> str:
    return "src_sim_" + _digest("3ds", intent_reference)


class SimulatedAcquirer:
    name = "simulated"

    def __init__(self, settings: AcquirerSettings) -> None:
        self.settings = settings

    def _confirm_answer(self, wire: dict[str, Any]) -> dict[str, Any]:
        card = wire["payment_method_data"]["card"]
        number = card["number"]
        method = {
            "id": "pm_sim_" + _digest("pm", number),
            "card": {"brand": card_brand(number), "last4": number[-4:]},
        }
        answer: dict[str, Any] = {"id": wire["payment_intent"], "payment_method": method}
        if number in DECLINES:
            code, message = DECLINES[number]
            return {
                **answer,
                "status": REQUIRES_PAYMENT_METHOD,
                "last_payment_error": {
                    "code": "card_declined",
                    "decline_code": code,
                    "message": message,
                },
            }
        if number == THREE_D_SECURE:
            return {
                **answer,
                "status": REQUIRES_ACTION,
                "next_action": {
                    "type": "use_stripe_sdk",
                    "use_stripe_sdk": {
                        "three_d_secure_2_source": challenge_for(wire["payment_intent"])
                    },
                },
            }
        return {**answer, "status": REQUIRES_CAPTURE}

    def create_intent(self, request: IntentRequest) -> IntentResult:
        return IntentResult(
            reference=_intent_id(request.idempotency_key), status=REQUIRES_PAYMENT_METHOD
        )

    def confirm(self, request: ConfirmRequest) -> IntentResult:
        return intent_from_wire(self._confirm_answer(confirm_to_wire(request)))

    def authenticate(self, request: ChallengeRequest) -> IntentResult:
        """The shopper's answer on the 3-D Secure page; a forged challenge id fails like a
        failed challenge."""
        genuine = constant_time_compare(
            request.challenge_id, challenge_for(request.intent_reference)
        )
        if genuine and request.passed:
            return intent_from_wire({"id": request.intent_reference, "status": REQUIRES_CAPTURE})
        return intent_from_wire(
            {
                "id": request.intent_reference,
                "status": REQUIRES_PAYMENT_METHOD,
                "last_payment_error": {
                    "code": "payment_intent_authentication_failure",
                    "message": "The card holder did not pass 3-D Secure authentication.",
                },
            }
        )

    def capture(self, request: CaptureRequest) -> IntentResult:
        charge = "ch_sim_" + hashlib.sha256(request.idempotency_key.encode()).hexdigest()[:24]
        return intent_from_wire(
            {"id": request.intent_reference, "status": SUCCEEDED, "latest_charge": charge}
        )

    def cancel(self, intent_reference: str) -> IntentResult:
        return intent_from_wire({"id": intent_reference, "status": CANCELED})

    def refund(self, request: RefundRequest) -> RefundResult:
        refund = "re_sim_" + hashlib.sha256(request.idempotency_key.encode()).hexdigest()[:24]
        return refund_from_wire({"id": refund, "status": "succeeded"})
