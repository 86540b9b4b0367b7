from __future__ import annotations

from django.conf import settings
from django.db import models


class MerchantStatus(models.TextChoices):
    APPLIED = "applied", "Applied"
    IN_REVIEW = "in_review", "In review"
    ACTIVE = "active", "Active"
    REJECTED = "rejected", "Rejected"
    SUSPENDED = "suspended", "Suspended"


class Merchant(models.Model):
    legal_name = models.CharField(max_length=200)
    trading_name = models.CharField(max_length=200)
    country = models.CharField(max_length=2, help_text="AU or NZ")
    business_number = models.CharField(
        max_length=13, unique=True, help_text="ABN (AU, 11 digits) or NZBN (NZ, 13 digits)"
    )
    settlement_currency = models.CharField(max_length=3)
    contact_email = models.EmailField()
    region = models.CharField(max_length=60, blank=True, help_text="state or region of origin")
    status = models.CharField(
        max_length=12, choices=MerchantStatus.choices, default=MerchantStatus.APPLIED
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["status", "country"], name="merchant_status_country")]

    def __str__(self) -> str:
        return self.trading_name

    @property
    def is_active(self) -> bool:
        return self.status == MerchantStatus.ACTIVE


class MerchantStatusChange(models.Model):
    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=MerchantStatus.choices)
    to_status = models.CharField(max_length=12, choices=MerchantStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} -> {self.to_status}"


class StaffRole(models.TextChoices):
    OWNER = "owner", "Owner"
    STAFF = "staff", "Staff"


class MerchantStaff(models.Model):
    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="merchant_roles"
    )
    role = models.CharField(max_length=8, choices=StaffRole.choices, default=StaffRole.STAFF)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["merchant", "user"], name="merchant_staff_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.role} of {self.merchant_id}"


class ApiKey(models.Model):
    """A merchant's API key; the secret is shown once, only its digest is kept."""

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=16, help_text="first characters, to recognise the key")
    digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    shop = models.ForeignKey(
        "Shop",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="api_keys",
        help_text="set: a till key, good only for this shop's in-store payments",
    )
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class Shop(models.Model):
    """A merchant's physical store; takes wallet payments at the till."""

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="shops")
    name = models.CharField(max_length=120)
    address = models.CharField(max_length=200)
    city = models.CharField(max_length=60)
    country = models.CharField(max_length=2)
    currency = models.CharField(max_length=3)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name}, {self.city}"


class BankAccountStatus(models.TextChoices):
    UNVERIFIED = "unverified", "Not verified"
    PENDING = "pending", "Micro-deposits sent, waiting for the amounts"
    VERIFIED = "verified", "Verified"


class VerificationMethod(models.TextChoices):
    MICRO_DEPOSIT = "micro_deposit", "Micro-deposit confirmed by the merchant"
    OPERATOR = "operator", "Verified by an operator"


class MerchantBankAccount(models.Model):
    """The account a merchant's payouts go to. A change adds a row and closes the previous one
    (`replaced_at`), so the history of where money went is kept; the new row starts unverified,
    which holds payouts until it is proven. The account number is encrypted at rest
    (core.crypto); only its last three digits are kept in the clear, for masked display."""

    merchant = models.ForeignKey(Merchant, on_delete=models.PROTECT, related_name="bank_accounts")
    country = models.CharField(max_length=2)
    bsb = models.CharField(max_length=7, blank=True, help_text="AU only: NNN-NNN")
    account_number_encrypted = models.TextField()
    account_last_digits = models.CharField(max_length=3)
    account_digits_count = models.PositiveSmallIntegerField()
    account_name = models.CharField(max_length=32)
    status = models.CharField(
        max_length=12, choices=BankAccountStatus.choices, default=BankAccountStatus.UNVERIFIED
    )
    micro_deposits_encrypted = models.TextField(blank=True)
    micro_deposit_reference = models.CharField(max_length=64, blank=True)
    micro_deposit_attempts = models.PositiveSmallIntegerField(default=0)
    verification_method = models.CharField(
        max_length=16, choices=VerificationMethod.choices, blank=True
    )
    verification_reason = models.TextField(blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    replaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["merchant"],
                condition=models.Q(replaced_at__isnull=True),
                name="one_current_bank_account",
            )
        ]

    def __str__(self) -> str:
        return f"{self.merchant_id} {self.masked_number}"

    @property
    def is_verified(self) -> bool:
        return self.status == BankAccountStatus.VERIFIED

    @property
    def masked_number(self) -> str:
        hidden = "•" * max(self.account_digits_count - len(self.account_last_digits), 0)
        return hidden + self.account_last_digits
