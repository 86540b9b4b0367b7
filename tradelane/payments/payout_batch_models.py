"""Payout batches: the bank files a payout run writes, one per currency, and which payout went
on which line to which (verified) bank account."""

from __future__ import annotations

from django.db import models


class PayoutBatchStatus(models.TextChoices):
    WRITTEN = "written", "File written, being sent to the bank"
    ACCEPTED = "accepted", "Accepted by the bank"
    REFUSED = "refused", "Refused by the bank"


class PayoutBatchFormat(models.TextChoices):
    ABA = "aba", "ABA direct entry (AU)"
    IB4B = "ib4b", "IB4B bulk payment (NZ)"


class PayoutBatch(models.Model):
    currency = models.CharField(max_length=3)
    file_format = models.CharField(max_length=8, choices=PayoutBatchFormat.choices)
    business_date = models.DateField()
    file_name = models.CharField(max_length=200, unique=True)
    file_sha256 = models.CharField(max_length=64)
    payment_count = models.PositiveIntegerField()
    total_minor = models.BigIntegerField()
    status = models.CharField(max_length=10, choices=PayoutBatchStatus.choices)
    bank_reference = models.CharField(max_length=64, blank=True)
    bank_message = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name


class PayoutBatchLine(models.Model):
    payout = models.OneToOneField(
        "payments.Payout", on_delete=models.PROTECT, primary_key=True, related_name="batch_line"
    )
    batch = models.ForeignKey(PayoutBatch, on_delete=models.PROTECT, related_name="lines")
    line_number = models.PositiveIntegerField(help_text="position among the file's payments")
    bank_account = models.ForeignKey(
        "merchants.MerchantBankAccount", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["batch", "line_number"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "line_number"], name="payout_batch_line_once")
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.line_number}"
