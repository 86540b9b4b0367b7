"""The ledger, after TigerBeetle: accounts hold running totals, transfers are immutable facts.

A transfer moves an integer amount of minor units from a debit account to a credit account of
the same currency, either posted at once or held as pending until it is posted (in full or in
part) or voided, at most once. A journal groups linked transfers that succeed or fail together.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q


class AccountKind(models.TextChoices):
    WALLET = "wallet", "Consumer wallet"
    LIQUIDITY = "liquidity", "FX liquidity (per currency)"
    MERCHANT_PAYABLE = "merchant_payable", "Owed to a merchant"
    TAX_PAYABLE = "tax_payable", "Import tax owed to an authority"
    LOGISTICS_PAYABLE = "logistics_payable", "Owed to logistics partners"
    COMMISSION_REVENUE = "commission_revenue", "Platform commission"
    FX_REVENUE = "fx_revenue", "FX spread"
    BANK = "bank", "Money at the bank (funding and payouts)"
    TEST = "test", "Test account"


class LedgerAccount(models.Model):
    code = models.CharField(
        max_length=80, unique=True, help_text="e.g. wallet:12:CNY, liquidity:AUD"
    )
    kind = models.CharField(max_length=20, choices=AccountKind.choices)
    currency = models.CharField(max_length=3)
    consumer = models.ForeignKey(
        "accounts.Consumer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    merchant = models.ForeignKey(
        "merchants.Merchant", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    debits_must_not_exceed_credits = models.BooleanField(default=False)
    credits_must_not_exceed_debits = models.BooleanField(default=False)
    debits_pending = models.BigIntegerField(default=0)
    debits_posted = models.BigIntegerField(default=0)
    credits_pending = models.BigIntegerField(default=0)
    credits_posted = models.BigIntegerField(default=0)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    debits_pending__gte=0,
                    debits_posted__gte=0,
                    credits_pending__gte=0,
                    credits_posted__gte=0,
                ),
                name="ledger_totals_nonnegative",
            ),
            # The services refuse with a conditional UPDATE; these are the last line of defence.
            models.CheckConstraint(
                condition=Q(debits_must_not_exceed_credits=False)
                | Q(credits_posted__gte=F("debits_posted") + F("debits_pending")),
                name="ledger_debits_within_credits",
            ),
            models.CheckConstraint(
                condition=Q(credits_must_not_exceed_debits=False)
                | Q(debits_posted__gte=F("credits_posted") + F("credits_pending")),
                name="ledger_credits_within_debits",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def credit_balance(self) -> int:
        """Posted credits minus posted debits: what a wallet or a payable holds."""
        return self.credits_posted - self.debits_posted


class Journal(models.Model):
    id = models.CharField(
        max_length=64, primary_key=True, help_text="client-chosen; a repeat replays"
    )
    kind = models.CharField(max_length=32)
    reference = models.CharField(max_length=64, blank=True)
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.id


class TransferKind(models.TextChoices):
    POSTED = "posted", "Posted"
    PENDING = "pending", "Pending"
    POST_PENDING = "post_pending", "Posts a pending transfer"
    VOID_PENDING = "void_pending", "Voids a pending transfer"


class PendingResolution(models.TextChoices):
    POSTED = "posted", "Posted"
    VOIDED = "voided", "Voided"
    EXPIRED = "expired", "Expired"


class Transfer(models.Model):
    id = models.CharField(max_length=64, primary_key=True, help_text="client-chosen")
    journal = models.ForeignKey(Journal, on_delete=models.PROTECT, related_name="transfers")
    kind = models.CharField(max_length=12, choices=TransferKind.choices)
    debit_account = models.ForeignKey(LedgerAccount, on_delete=models.PROTECT, related_name="+")
    credit_account = models.ForeignKey(LedgerAccount, on_delete=models.PROTECT, related_name="+")
    amount = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    code = models.CharField(max_length=32, help_text="why: capture, topup, fx_spread, refund, ...")
    pending = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="resolutions"
    )
    timeout_at = models.DateTimeField(null=True, blank=True)
    # Set once, by a conditional UPDATE, on a pending transfer; every other field never changes.
    resolution = models.CharField(max_length=8, choices=PendingResolution.choices, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="transfer_amount_nonnegative"),
            models.CheckConstraint(
                condition=~Q(debit_account=F("credit_account")), name="transfer_distinct_accounts"
            ),
        ]
        indexes = [
            models.Index(fields=["debit_account", "created_at"], name="transfer_debit_time"),
            models.Index(fields=["credit_account", "created_at"], name="transfer_credit_time"),
            models.Index(fields=["kind", "resolution", "timeout_at"], name="transfer_pending_due"),
        ]

    def __str__(self) -> str:
        return f"{self.id}: {self.amount} {self.currency} {self.debit_account_id} -> {self.credit_account_id}"
