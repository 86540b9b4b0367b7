"""Paying a checkout by card through the acquirer: create an intent, confirm it with a card,
answer a 3-D Secure challenge; capture books the checkout's payment like a wallet payment.

A refusal (a declined card, a failed challenge) leaves the intent waiting for another card and
moves nothing: no transfer, the checkout unpaid, its stock still reserved. The card number goes
to the acquirer once and is never stored: the intent keeps the acquirer's token, brand, last4."""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tradelane.accounts.models import Consumer
from tradelane.core import clock
from tradelane.core.errors import (
    ApplicationError,
    Conflict,
    NotFound,
    RuleViolation,
    ValidationFailed,
)
from tradelane.core.idempotency import MAX_KEY_LENGTH
from tradelane.orders.models import Checkout
from tradelane.payments.cards import rules
from tradelane.payments.cards.rules import CardForm
from tradelane.payments.models import (
    AccountKind,
    CardIntent,
    CardIntentStatus,
    CardIntentStatusChange,
    Payment,
    PaymentMethod,
    PaymentStatus,
    PaymentStatusChange,
)
from tradelane.payments.partners.acquirer import mapper
from tradelane.payments.partners.registry import acquirer
from tradelane.payments.services import online
from tradelane.payments.services.accounts import card_clearing, system_account
from tradelane.payments.services.ledger import TransferSpec


class CardIntentNotFound(NotFound):
    default_code = "card_intent_not_found"


class IllegalCardIntentTransition(Conflict):
    default_code = "illegal_card_intent_transition"


class CardRefundRefused(RuleViolation):
    default_code = "card_refund_refused"


class CardCaptureFailed(RuleViolation):
    default_code = "card_capture_failed"


def _actor(consumer: Consumer) -> str:
    return f"consumer:{consumer.pk}"


def card_intent_get(*, consumer: Consumer, intent_id: str) -> CardIntent:
    intent = CardIntent.objects.filter(pk=intent_id, consumer=consumer).first()
    if intent is None:
        raise CardIntentNotFound(_("No such card payment."))
    return intent


def card_intent_set_status(
    *, intent: CardIntent, to_status: str, actor: str, reason: str = "", **fields: object
) -> CardIntent:
    """The one way an intent's status changes: a conditional UPDATE from the status it had,
    with the other columns the step writes, and a history row."""
    if not rules.can_transition(intent.status, to_status):
        raise IllegalCardIntentTransition(
            _("A card payment that is %(from)s cannot become %(to)s.")
            % {"from": intent.status, "to": to_status}
        )
    now = clock.now()
    changes = {"status": to_status, "updated_at": now, **fields}
    if not CardIntent.objects.filter(pk=intent.pk, status=intent.status).update(**changes):
        raise IllegalCardIntentTransition(_("The card payment changed meanwhile; look again."))
    CardIntentStatusChange.objects.create(
        intent=intent,
        from_status=intent.status,
        to_status=to_status,
        actor=actor,
        reason=reason[:200],
        at=now,
    )
    for name, value in changes.items():
        setattr(intent, name, value)
    return intent


def card_intent_create(*, consumer: Consumer, checkout_id: int, idempotency_key: str) -> CardIntent:
    """An intent for the whole checkout; the same key returns the intent it made."""
    if not 0 < len(idempotency_key) <= MAX_KEY_LENGTH:
        raise ValidationFailed(
            _("An idempotency key has 1 to %(n)s characters.") % {"n": MAX_KEY_LENGTH},
            fields={"idempotency_key": [_("required")]},
        )
    existing = CardIntent.objects.filter(consumer=consumer, idempotency_key=idempotency_key).first()
    if existing is not None:
        return _same_checkout(existing, checkout_id)
    checkout = online._payable_checkout(consumer, checkout_id)
    online._merchants_active(checkout.pk)
    client = acquirer()
    answer = client.create_intent(
        mapper.IntentRequest(
            idempotency_key=f"{consumer.pk}:{idempotency_key}",
            amount_minor=checkout.total_minor,
            currency=checkout.currency,
        )
    )
    now = clock.now()
    try:
        with transaction.atomic():
            intent = CardIntent.objects.create(
                id="ci_" + secrets.token_hex(10),
                checkout=checkout,
                consumer=consumer,
                idempotency_key=idempotency_key,
                amount_minor=checkout.total_minor,
                currency=checkout.currency,
                acquirer=client.name,
                acquirer_reference=answer.reference,
                created_at=now,
                updated_at=now,
            )
            CardIntentStatusChange.objects.create(
                intent=intent,
                to_status=intent.status,
                actor=_actor(consumer),
                reason="created",
                at=now,
            )
    except IntegrityError:  # a concurrent create under the same key won
        won = CardIntent.objects.get(consumer=consumer, idempotency_key=idempotency_key)
        return _same_checkout(won, checkout_id)
    return intent


def _same_checkout(intent: CardIntent, checkout_id: int) -> CardIntent:
    if intent.checkout_id != checkout_id:
        raise Conflict(
            _("This idempotency key was used for another checkout."),
            code="idempotency_key_reused",
        )
    return intent


def _locked_intent(consumer: Consumer, intent_id: str) -> CardIntent:
    intent = CardIntent.objects.select_for_update().filter(pk=intent_id, consumer=consumer).first()
    if intent is None:
        raise CardIntentNotFound(_("No such card payment."))
    return intent


def _lock_payable(consumer: Consumer, intent: CardIntent) -> None:
    """The checkout's row is the queue for its payments: a second intent of the same checkout
    waits here and then finds it paid."""
    Checkout.objects.select_for_update().filter(pk=intent.checkout_id).first()
    online._payable_checkout(consumer, intent.checkout_id)
    online._merchants_active(intent.checkout_id)


def _refuse_step(intent: CardIntent, step: str) -> None:
    if intent.status == CardIntentStatus.CANCELED:
        raise IllegalCardIntentTransition(
            _("This card payment was canceled; start again from the checkout."),
            code="card_intent_canceled",
        )
    raise IllegalCardIntentTransition(
        _("This card payment cannot be %(step)s now (it is %(status)s).")
        % {"step": step, "status": intent.status},
    )


def card_intent_confirm(*, consumer: Consumer, intent_id: str, card: CardForm) -> CardIntent:
    """Send the card to the acquirer: captured, or waiting for 3-D Secure, or refused (the
    intent back to requires_payment_method with the reason in `failure_code`)."""
    now = clock.now()
    problems = rules.card_problems(card, year=now.year, month=now.month)
    if problems:
        raise ValidationFailed(_("Check the card details."), code="card_invalid", fields=problems)
    actor = _actor(consumer)
    with transaction.atomic():
        intent = _locked_intent(consumer, intent_id)
        if intent.status == CardIntentStatus.SUCCEEDED:
            return intent  # a repeat answers with the outcome
        if intent.status != CardIntentStatus.REQUIRES_PAYMENT_METHOD:
            _refuse_step(intent, _("confirmed"))
        _lock_payable(consumer, intent)
        attempt = intent.attempts + 1
        intent = card_intent_set_status(
            intent=intent, to_status=CardIntentStatus.PROCESSING, actor=actor, attempts=attempt
        )
        number = rules.normalise_number(card.number)
        answer = acquirer().confirm(
            mapper.ConfirmRequest(
                intent_reference=intent.acquirer_reference,
                idempotency_key=f"{intent.pk}:confirm:{attempt}",
                card=mapper.CardDetails(
                    number=number,
                    exp_month=int(card.exp_month),
                    exp_year=rules.full_year(card.exp_year),
                    cvc=card.cvc,
                    name=card.name.strip(),
                ),
            )
        )
        card_fields = {
            "card_token": answer.token,
            "card_brand": answer.brand,
            "card_last4": answer.last4,
        }
        if answer.status == mapper.REQUIRES_ACTION:
            return card_intent_set_status(
                intent=intent,
                to_status=CardIntentStatus.REQUIRES_ACTION,
                actor=actor,
                reason="3-D Secure",
                challenge_id=answer.challenge_id,
                failure_code="",
                failure_message="",
                **card_fields,
            )
        if answer.status != mapper.REQUIRES_CAPTURE:
            return _declined(intent, actor, answer.decline_code or "card_declined", **card_fields)
        return _capture(intent, actor, **card_fields)


def card_intent_authenticate(
    *, consumer: Consumer, intent_id: str, challenge_id: str, passed: bool
) -> CardIntent:
    """The shopper's answer to the 3-D Secure challenge: captured, or refused
    (`authentication_failed`, nothing moved)."""
    actor = _actor(consumer)
    with transaction.atomic():
        intent = _locked_intent(consumer, intent_id)
        if intent.status == CardIntentStatus.SUCCEEDED:
            return intent
        if intent.status != CardIntentStatus.REQUIRES_ACTION:
            _refuse_step(intent, _("authenticated"))
        _lock_payable(consumer, intent)
        intent = card_intent_set_status(
            intent=intent, to_status=CardIntentStatus.PROCESSING, actor=actor, reason="3-D Secure"
        )
        answer = acquirer().authenticate(
            mapper.ChallengeRequest(
                intent_reference=intent.acquirer_reference,
                challenge_id=challenge_id,
                passed=passed,
            )
        )
        if answer.status != mapper.REQUIRES_CAPTURE:
            return _declined(intent, actor, "authentication_failed", challenge_id="")
        return _capture(intent, actor, challenge_id="")


def card_intent_cancel(*, consumer: Consumer, intent_id: str) -> CardIntent:
    with transaction.atomic():
        intent = _locked_intent(consumer, intent_id)
        if intent.status == CardIntentStatus.CANCELED:
            return intent
        acquirer().cancel(intent.acquirer_reference)
        return card_intent_set_status(
            intent=intent, to_status=CardIntentStatus.CANCELED, actor=_actor(consumer)
        )


FAILURE_MESSAGES = {
    "generic_decline": "The card was declined.",
    "insufficient_funds": "The card has insufficient funds.",
    "authentication_failed": "3-D Secure authentication failed.",
}


def _declined(intent: CardIntent, actor: str, code: str, **fields: str) -> CardIntent:
    return card_intent_set_status(
        intent=intent,
        to_status=CardIntentStatus.REQUIRES_PAYMENT_METHOD,
        actor=actor,
        reason=code,
        failure_code=code,
        failure_message=FAILURE_MESSAGES.get(code, "The card payment did not go through."),
        **fields,
    )


def _capture(intent: CardIntent, actor: str, **fields: str) -> CardIntent:
    """Book the checkout's payment (method card) through the wallet's own order-paid path, then
    capture at the acquirer; if the booking is refused the authorisation is released."""
    client = acquirer()
    try:
        with transaction.atomic():
            payment = _card_payment(intent, actor)
            money_in = TransferSpec(
                f"{payment.pk}:card",
                system_account(AccountKind.CARD_ACQUIRER, intent.currency).pk,
                card_clearing(intent.currency).pk,
                intent.amount_minor,
                "card_capture",
            )
            online._capture(payment, actor, (money_in,))
    except (ApplicationError, IntegrityError) as refused:
        client.cancel(intent.acquirer_reference)
        code = getattr(refused, "code", "checkout_not_payable")
        return _declined(intent, actor, code, **fields)
    answer = client.capture(
        mapper.CaptureRequest(
            intent_reference=intent.acquirer_reference,
            idempotency_key=f"{intent.pk}:capture",
            amount_minor=intent.amount_minor,
            currency=intent.currency,
        )
    )
    if answer.status != mapper.SUCCEEDED:  # roll the booking back with the whole confirm
        raise CardCaptureFailed(_("The card payment could not be captured; nothing was charged."))
    online.payment_set_status(payment=payment, to_status=PaymentStatus.SUCCEEDED, actor=actor)
    return card_intent_set_status(
        intent=intent,
        to_status=CardIntentStatus.SUCCEEDED,
        actor=actor,
        payment=payment,
        charge_reference=answer.charge_reference,
        failure_code="",
        failure_message="",
        **fields,
    )


def _card_payment(intent: CardIntent, actor: str) -> Payment:
    """The checkout's Payment row, method card. A wallet payment begun and never confirmed
    gives way (the shopper chose the card); a live one makes the insert fail."""
    for begun in Payment.objects.filter(
        checkout_id=intent.checkout_id, status=PaymentStatus.REQUIRES_CONFIRMATION
    ):
        online.payment_set_status(
            payment=begun, to_status=PaymentStatus.CANCELED, actor=actor, reason="paid by card"
        )
    now = clock.now()
    payment = Payment.objects.create(
        id="pay_" + secrets.token_hex(10),
        checkout_id=intent.checkout_id,
        consumer_id=intent.consumer_id,
        wallet=None,
        method=PaymentMethod.CARD,
        amount_minor=intent.amount_minor,
        currency=intent.currency,
        status=PaymentStatus.PROCESSING,
        created_at=now,
        updated_at=now,
    )
    PaymentStatusChange.objects.create(
        payment=payment,
        to_status=PaymentStatus.PROCESSING,
        actor=actor,
        reason=f"card intent {intent.pk}",
        at=now,
    )
    return payment


def card_refund_send(
    *, payment: Payment, refund_id: str, amount_minor: int
) -> tuple[CardIntent, str]:
    """Send a refund of a card payment back to the card; the acquirer de-duplicates on the
    refund's id. Refused: raises, and the caller's refund rolls back."""
    intent = CardIntent.objects.filter(payment=payment).first()
    if intent is None:
        raise CardRefundRefused(_("This card payment has no card on record to refund to."))
    answer = acquirer().refund(
        mapper.RefundRequest(
            intent_reference=intent.acquirer_reference,
            idempotency_key=f"refund:{refund_id}",
            amount_minor=amount_minor,
            currency=payment.currency,
        )
    )
    if answer.status != "succeeded":
        raise CardRefundRefused(
            _("The card issuer refused the refund; nothing was refunded."),
            extra={"decline_code": answer.decline_code},
        )
    return intent, answer.reference
