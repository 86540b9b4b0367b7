"""What customs owns: buyers' identities (encrypted at rest)."""

from __future__ import annotations

from django.db import models


class BuyerIdentity(models.Model):
    """A mainland buyer's real name and resident identity number, required for CBEC imports.

    Both are Fernet-encrypted; pages and logs see only the masked forms. `number_index` is a
    keyed digest that finds every use of one identity number (the annual quota is per person)."""

    consumer = models.OneToOneField(
        "accounts.Consumer", on_delete=models.PROTECT, related_name="identity"
    )
    name_encrypted = models.TextField()
    number_encrypted = models.TextField()
    number_index = models.CharField(max_length=64, db_index=True)
    name_masked = models.CharField(max_length=40)
    number_masked = models.CharField(max_length=18)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "buyer identities"

    def __str__(self) -> str:
        return f"{self.name_masked} {self.number_masked}"


class PositiveListRemark(models.TextChoices):
    ALLOWED = "allowed", "Allowed (direct mail or bonded)"
    BONDED_ONLY = "bonded_only", "Bonded import (1210) only"
    EXCLUDED = "excluded", "Excluded"


class PositiveListEntry(models.Model):
    """A line of China's CBEC positive list: the HS prefix a product's code must start with."""

    hs_prefix = models.CharField(max_length=10, unique=True)
    remark = models.CharField(max_length=12, choices=PositiveListRemark.choices)
    annual_weight_cap_kg = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True, help_text="per person per year"
    )
    description_en = models.CharField(max_length=200)
    description_zh = models.CharField(max_length=200)
    edition = models.CharField(max_length=40)

    class Meta:
        ordering = ["hs_prefix"]
        verbose_name_plural = "positive list"

    def __str__(self) -> str:
        return f"{self.hs_prefix} {self.description_en}"


class ExportPermit(models.Model):
    """A merchant's export permit or health-certificate registration for a product category."""

    merchant = models.ForeignKey(
        "merchants.Merchant", on_delete=models.PROTECT, related_name="export_permits"
    )
    category = models.CharField(max_length=30)
    authority = models.CharField(max_length=80, help_text="e.g. DAFF (Micor), MPI")
    number = models.CharField(max_length=60)
    valid_until = models.DateField()
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["merchant", "category"], name="one_permit_per_category")
        ]

    def __str__(self) -> str:
        return f"{self.merchant_id} {self.category} {self.number}"


class QuotaUse(models.Model):
    """An identity's CBEC spending in one calendar year, changed only by conditional UPDATEs."""

    identity_index = models.CharField(max_length=64)
    year = models.PositiveIntegerField()
    used_minor = models.BigIntegerField(default=0)
    currency = models.CharField(max_length=3, default="CNY")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["identity_index", "year"], name="one_quota_per_year"),
            models.CheckConstraint(
                condition=models.Q(used_minor__gte=0), name="quota_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.identity_index[:8]}… {self.year}: {self.used_minor}"


class QuotaEntryKind(models.TextChoices):
    TAKEN = "taken", "Taken (order paid)"
    GIVEN_BACK = "given_back", "Given back (refund or rejection)"


class QuotaEntry(models.Model):
    """Why the quota moved: one entry per order and direction, so each happens once."""

    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="+")
    identity_index = models.CharField(max_length=64, db_index=True)
    year = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=QuotaEntryKind.choices)
    amount_minor = models.BigIntegerField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["order", "kind"], name="one_quota_entry_per_kind")
        ]
        verbose_name_plural = "quota entries"

    def __str__(self) -> str:
        return f"{self.order_id} {self.kind} {self.amount_minor}"


class DeclarationStatus(models.TextChoices):
    PENDING = "pending", "Pending (documents not yet sent)"
    SUBMITTED = "submitted", "Submitted, awaiting customs"
    HELD = "held", "Held by customs for inspection"
    CLEARED = "cleared", "Cleared"
    REJECTED = "rejected", "Rejected"
    CANCELLED = "cancelled", "Cancelled (order refunded in full before submission)"


class CustomsMode(models.TextChoices):
    DIRECT_MAIL = "9610", "9610 direct mail"
    BONDED = "1210", "1210 bonded import"


class Declaration(models.Model):
    """The CBEC import declaration of one paid order: order, payment and waybill documents.

    `documents` keeps what was sent with the buyer's identity masked; the clear values are
    added only in the message to the single window."""

    id = models.CharField(primary_key=True, max_length=40)
    order = models.OneToOneField(
        "orders.Order", on_delete=models.PROTECT, related_name="declaration"
    )
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=12, choices=DeclarationStatus.choices, default=DeclarationStatus.PENDING
    )
    customs_mode = models.CharField(max_length=4, choices=CustomsMode.choices)
    on_hold = models.BooleanField(default=False, help_text="paused by an operator")
    documents = models.JSONField(default=dict)
    reference = models.CharField(max_length=40, blank=True, help_text="the single window's id")
    reason_code = models.CharField(max_length=40, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    tax_minor = models.BigIntegerField(default=0)
    tax_journal = models.ForeignKey(
        "payments.Journal", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    answer_due_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(
        default=0,
        help_text="the job's attempts that raised, in a row; reset by a success or a release",
    )
    last_error = models.CharField(max_length=300, blank=True)
    last_failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "answer_due_at"], name="declaration_due_idx")]

    def __str__(self) -> str:
        return f"{self.id} {self.status}"


class DeclarationStatusChange(models.Model):
    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    actor = models.CharField(max_length=80)
    reason = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.declaration_id}: {self.from_status} -> {self.to_status}"


class ExportDeclaration(models.Model):
    """The export assessment of a paid order: whether an AU export declaration or NZ export
    entry is required (over the value threshold, or goods under a permit), and its facts."""

    order = models.OneToOneField(
        "orders.Order", on_delete=models.PROTECT, related_name="export_declaration"
    )
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, related_name="+")
    country = models.CharField(max_length=2)
    required = models.BooleanField()
    document = models.CharField(max_length=80, blank=True)
    value_minor = models.BigIntegerField(help_text="FOB value in the export currency")
    currency = models.CharField(max_length=3)
    permits = models.JSONField(default=list, help_text="permit numbers the consignment relies on")
    reasons = models.JSONField(default=list, help_text="why it is needed: value, permit")
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.country} {self.document} for {self.order_id}"
