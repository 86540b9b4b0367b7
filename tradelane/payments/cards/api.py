"""Card payment of a checkout over the API: create an intent, confirm it with a card, answer the
3-D Secure challenge. Entry points only: the services decide."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Header, Router, Schema, Status

from tradelane.accounts.auth import ConsumerAuth, current_consumer
from tradelane.core.schemas import MoneyOut, errors
from tradelane.payments.cards.rules import CardForm
from tradelane.payments.cards.services import (
    card_intent_authenticate,
    card_intent_cancel,
    card_intent_confirm,
    card_intent_create,
    card_intent_get,
)
from tradelane.payments.models import CardIntent

router = Router(auth=ConsumerAuth())


class CardIntentIn(Schema):
    checkout_id: int = Field(..., ge=1, le=2**63 - 1)


class CardIn(Schema):
    number: str = Field(..., max_length=30, description="digits, spaces or dashes allowed")
    exp_month: str = Field(..., max_length=2)
    exp_year: str = Field(..., max_length=4, description="2030 or 30")
    cvc: str = Field(..., max_length=4)
    name: str = Field(..., max_length=100)


class ChallengeIn(Schema):
    challenge_id: str = Field(..., max_length=64)
    passed: bool


class CardOut(Schema):
    brand: str
    last4: str


class PaymentErrorOut(Schema):
    code: str
    message: str


class CardIntentOut(Schema):
    id: str
    checkout_id: int
    status: str = Field(
        ...,
        description="requires_payment_method, requires_action, processing, succeeded, canceled",
    )
    amount: MoneyOut
    card: CardOut | None
    challenge_id: str = Field(..., description="set while status is requires_action")
    last_payment_error: PaymentErrorOut | None
    payment_id: str | None
    created_at: datetime

    @staticmethod
    def resolve_amount(obj: CardIntent) -> MoneyOut:
        return MoneyOut.minor(obj.amount_minor, obj.currency)

    @staticmethod
    def resolve_card(obj: CardIntent) -> CardOut | None:
        return CardOut(brand=obj.card_brand, last4=obj.card_last4) if obj.card_last4 else None

    @staticmethod
    def resolve_last_payment_error(obj: CardIntent) -> PaymentErrorOut | None:
        if not obj.failure_code:
            return None
        return PaymentErrorOut(code=obj.failure_code, message=obj.failure_message)


@router.post("/card-intents", response={201: CardIntentOut, **errors(401, 404, 409)})
def create_card_intent(
    request: HttpRequest,
    payload: CardIntentIn,
    idempotency_key: str = Header(..., alias="Idempotency-Key", min_length=1, max_length=255),
) -> Status[CardIntent]:
    intent = card_intent_create(
        consumer=current_consumer(request),
        checkout_id=payload.checkout_id,
        idempotency_key=idempotency_key,
    )
    return Status(201, intent)


@router.post(
    "/card-intents/{intent_id}/confirm", response={200: CardIntentOut, **errors(401, 404, 409)}
)
def confirm_card_intent(request: HttpRequest, intent_id: str, payload: CardIn) -> CardIntent:
    """The intent is its own idempotency key: a repeat after success answers the outcome and
    captures nothing more; the card number is not kept (not even hashed) by the platform."""
    return card_intent_confirm(
        consumer=current_consumer(request),
        intent_id=intent_id,
        card=CardForm(
            number=payload.number,
            exp_month=payload.exp_month,
            exp_year=payload.exp_year,
            cvc=payload.cvc,
            name=payload.name,
        ),
    )


@router.post(
    "/card-intents/{intent_id}/challenge", response={200: CardIntentOut, **errors(401, 404, 409)}
)
def answer_challenge(request: HttpRequest, intent_id: str, payload: ChallengeIn) -> CardIntent:
    return card_intent_authenticate(
        consumer=current_consumer(request),
        intent_id=intent_id,
        challenge_id=payload.challenge_id,
        passed=payload.passed,
    )


@router.post(
    "/card-intents/{intent_id}/cancel", response={200: CardIntentOut, **errors(401, 404, 409)}
)
def cancel_card_intent(request: HttpRequest, intent_id: str) -> CardIntent:
    return card_intent_cancel(consumer=current_consumer(request), intent_id=intent_id)


@router.get("/card-intents/{intent_id}", response={200: CardIntentOut, **errors(401, 404)})
def get_card_intent(request: HttpRequest, intent_id: str) -> CardIntent:
    return card_intent_get(consumer=current_consumer(request), intent_id=intent_id)
