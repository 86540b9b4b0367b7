"""Tables of money that leaves for others: import tax remitted to authorities per period, and
logistics partners paid for their delivered legs per period. Imported by `models.py`.

Each ledger transfer a return counts and each leg a partner is paid for is a row keyed by the
transfer or the leg: a second claim on it fails on the primary key, so nothing is counted or
paid twice, whichever run or period tries."""

from __future__ import annotations

from django.db import models


class RemittanceStatus(models.TextChoices):
    SENDING = "sending", "Recorded, bank not yet answered"
    INSTRUCTED = "instructed", "Paid through the bank"
    NIL = "nil", "Nothing owed (a credit is carried forward)"
    FAILED = "failed", "The bank refused; items carried into the next period"


class TaxRemittance(models.Model):
    id = models.CharField(max_length=40, primary_key=True, help_text="tax:<authority>:<period>")
    authority = models.CharField(max_length=8)
    period = models.CharField(max_length=8, help_text="YYYY-MM or YYYY-Qn")
    currency = models.CharField(max_length=3)
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    supplies_count = models.PositiveIntegerField()
    supplies_value_minor = models.BigIntegerField()
    tax_collected_minor = models.BigIntegerField()
    refunds_count = models.PositiveIntegerField()
    refunds_value_minor = models.BigIntegerField()
    refunds_tax_minor = models.BigIntegerField()
    adjustments_count = models.PositiveIntegerField()
    adjustments_tax_minor = models.BigIntegerField()
    credit_in_minor = models.BigIntegerField()
    net_minor = models.BigIntegerField()
    amount_minor = models.BigIntegerField(help_text="sent to the authority")
    credit_out_minor = models.BigIntegerField(help_text="carried into the next period")
    credit_used_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="credits_used"
    )
    status = models.CharField(max_length=10, choices=RemittanceStatus.choices)
    bank_reference = models.CharField(max_length=64, blank=True)
    failure_code = models.CharField(max_length=40, blank=True)
    journal = models.ForeignKey(
        "payments.Journal", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.CharField(max_length=80)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-period_start", "authority"]

    def __str__(self) -> str:
        return self.id


class TaxRemittanceItem(models.Model):
    transfer = models.OneToOneField(
        "payments.Transfer",
        primary_key=True,
        on_delete=models.PROTECT,
        related_name="tax_remittance_item",
    )
    remittance = models.ForeignKey(TaxRemittance, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=8, help_text="sale or refund")
    order_number = models.CharField(max_length=20, db_index=True)
    tax_minor = models.BigIntegerField()
    value_minor = models.BigIntegerField()
    at = models.DateTimeField()
    earlier = models.BooleanField(help_text="carried from a period already remitted")

    class Meta:
        ordering = ["at", "transfer_id"]

    def __str__(self) -> str:
        return f"{self.remittance_id} {self.transfer_id}"


class PartnerPayment(models.Model):
    id = models.CharField(
        max_length=60, primary_key=True, help_text="lp:<partner>:<currency>:<period>"
    )
    partner = models.ForeignKey(
        "logistics.LogisticsPartner", on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(max_length=8)
    currency = models.CharField(max_length=3)
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    legs_count = models.PositiveIntegerField()
    amount_minor = models.BigIntegerField()
    conversions = models.JSONField(
        default=dict, help_text="per currency the shipping was collected in: rate and amount"
    )
    status = models.CharField(max_length=10, choices=RemittanceStatus.choices)
    bank_reference = models.CharField(max_length=64, blank=True)
    failure_code = models.CharField(max_length=40, blank=True)
    journal = models.ForeignKey(
        "payments.Journal", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.CharField(max_length=80)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-period_start", "partner_id"]

    def __str__(self) -> str:
        return self.id


class PartnerPaymentLeg(models.Model):
    leg = models.OneToOneField(
        "logistics.ShipmentLeg",
        primary_key=True,
        on_delete=models.PROTECT,
        related_name="partner_payment_leg",
    )
    payment = models.ForeignKey(PartnerPayment, on_delete=models.CASCADE, related_name="legs")
    waybill = models.CharField(max_length=13)
    sequence = models.PositiveSmallIntegerField()
    lane_code = models.CharField(max_length=60)
    weight_g = models.PositiveIntegerField()
    delivered_at = models.DateTimeField()
    amount_minor = models.BigIntegerField(help_text="in the partner's currency")
    source_currency = models.CharField(max_length=3, help_text="the shipping was collected in")
    source_minor = models.BigIntegerField()

    class Meta:
        ordering = ["delivered_at", "waybill", "sequence"]

    def __str__(self) -> str:
        return f"{self.payment_id} {self.waybill}#{self.sequence}"


class RemittanceRun(models.Model):
    """One run of the command, the job step or the operator page, and what it did."""

    kind = models.CharField(max_length=10, help_text="tax or partners")
    period = models.CharField(max_length=8, blank=True, help_text="blank: every closed period")
    actor = models.CharField(max_length=80)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.JSONField(default=dict)
    ledger_balanced = models.BooleanField(null=True)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.period or 'due'} {self.started_at:%Y-%m-%d %H:%M}"
