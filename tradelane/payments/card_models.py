"""Card intents: a checkout paid by card through the acquirer, after Stripe's PaymentIntent.

The platform keeps the acquirer's token, the brand and the last four digits, never the number.
On success the intent points at the checkout's `Payment` (method card), which the rest of the
platform (orders, customs, refunds, settlement) reads like a wallet payment."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class CardIntentStatus(models.TextChoices):
    REQUIRES_PAYMENT_METHOD = "requires_payment_method", "Requires a card"
    REQUIRES_ACTION = "requires_action", "Requires 3-D Secure"
    PROCESSING = "processing", "Processing"
    SUCCEEDED = "succeeded", "Succeeded"
    CANCELED = "canceled", "Canceled"


class CardIntent(models.Model):
    id = models.CharField(max_length=40, primary_key=True)
    checkout = models.ForeignKey(
        "orders.Checkout", on_delete=models.PROTECT, related_name="card_intents"
    )
    consumer = models.ForeignKey(
        "accounts.Consumer", on_delete=models.PROTECT, related_name="card_intents"
    )
    idempotency_key = models.CharField(max_length=255)
    amount_minor = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    status = models.CharField(
        max_length=24,
        choices=CardIntentStatus.choices,
        default=CardIntentStatus.REQUIRES_PAYMENT_METHOD,
    )
    acquirer = models.CharField(max_length=32)
    acquirer_reference = models.CharField(max_length=64)
    card_token = models.CharField(max_length=64, blank=True, help_text="the acquirer's, not a PAN")
    card_brand = models.CharField(max_length=16, blank=True)
    card_last4 = models.CharField(max_length=4, blank=True)
    challenge_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveIntegerField(default=0, help_text="confirmations sent")
    charge_reference = models.CharField(max_length=64, blank=True)
    failure_code = models.CharField(max_length=40, blank=True)
    failure_message = models.CharField(max_length=200, blank=True)
    payment = models.OneToOneField(
        "payments.Payment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="card_intent",
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consumer", "idempotency_key"], name="card_intent_key_per_consumer"
            ),
            models.CheckConstraint(
                condition=Q(amount_minor__gt=0), name="card_intent_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(card_last4="") | Q(card_last4__regex=r"^[0-9]{4}$"),
                name="card_intent_last4_only",
            ),
        ]

    def __str__(self) -> str:
        return self.id


class CardIntentStatusChange(models.Model):
    intent = models.ForeignKey(CardIntent, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24)
    actor = models.CharField(max_length=80)
    reason = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.intent_id}: {self.from_status} -> {self.to_status}"


class CardRefund(models.Model):
    """A refund's money sent back to the card through the acquirer."""

    refund = models.OneToOneField(
        "payments.Refund", on_delete=models.PROTECT, related_name="card_refund"
    )
    intent = models.ForeignKey(CardIntent, on_delete=models.PROTECT, related_name="refunds")
    amount_minor = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    acquirer_reference = models.CharField(max_length=64)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_minor__gt=0),
                name="card_refund_amount_positive",
            )
        ]

    def __str__(self) -> str:
        return self.acquirer_reference
