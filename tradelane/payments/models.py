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
    CARD_CLEARING = "card_clearing", "Card payments on their way to the orders (per currency)"
    CARD_ACQUIRER = "card_acquirer", "Owed by the card acquirer (per currency)"
    TAX_RECEIVABLE = "tax_receivable", "Import tax customs owes back on a refund (per currency)"
    TAX_UNRECOVERED = "tax_unrecovered", "Import tax customs did not give back (expense)"
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

    @property
    def available_balance(self) -> int:
        """The credit balance less what holds have set aside: what a wallet can spend now."""
        return self.credit_balance - self.debits_pending


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


class Wallet(models.Model):
    """A consumer's stored value in one currency; its balance lives in its ledger account."""

    consumer = models.ForeignKey(
        "accounts.Consumer", on_delete=models.PROTECT, related_name="wallets"
    )
    currency = models.CharField(max_length=3)
    account = models.OneToOneField(LedgerAccount, on_delete=models.PROTECT, related_name="wallet")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consumer", "currency"], name="wallet_consumer_currency"
            )
        ]

    def __str__(self) -> str:
        return f"wallet {self.consumer_id} {self.currency}"


class TopUpStatus(models.TextChoices):
    PENDING = "pending", "Pending at the bank"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class TopUp(models.Model):
    id = models.CharField(max_length=40, primary_key=True)
    wallet = models.ForeignKey(Wallet, on_delete=models.PROTECT, related_name="topups")
    consumer = models.ForeignKey("accounts.Consumer", on_delete=models.PROTECT, related_name="+")
    amount_minor = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    funding_source = models.CharField(
        max_length=40, help_text="the bank's token for a card or account"
    )
    bank = models.CharField(max_length=32)
    bank_reference = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        max_length=10, choices=TopUpStatus.choices, default=TopUpStatus.PENDING
    )
    failure_code = models.CharField(max_length=40, blank=True)
    failure_message = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount_minor__gt=0), name="topup_amount_positive")
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="topup_status_time")]

    def __str__(self) -> str:
        return self.id


class PaymentStatus(models.TextChoices):
    REQUIRES_CONFIRMATION = "requires_confirmation", "Requires confirmation"
    PROCESSING = "processing", "Processing"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    CANCELED = "canceled", "Canceled"


class PaymentMethod(models.TextChoices):
    WALLET = "wallet", "Wallet"
    CARD = "card", "Card (through the acquirer)"


class Payment(models.Model):
    """One payment for a whole checkout: from the wallet, or by card (see card_models)."""

    id = models.CharField(max_length=40, primary_key=True)
    checkout = models.ForeignKey(
        "orders.Checkout", on_delete=models.PROTECT, related_name="payments"
    )
    consumer = models.ForeignKey(
        "accounts.Consumer", on_delete=models.PROTECT, related_name="payments"
    )
    wallet = models.ForeignKey(
        Wallet, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    method = models.CharField(
        max_length=8, choices=PaymentMethod.choices, default=PaymentMethod.WALLET
    )
    amount_minor = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    status = models.CharField(
        max_length=24, choices=PaymentStatus.choices, default=PaymentStatus.REQUIRES_CONFIRMATION
    )
    failure_code = models.CharField(max_length=40, blank=True)
    refunded_minor = models.BigIntegerField(default=0)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    succeeded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount_minor__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=Q(refunded_minor__lte=F("amount_minor")),
                name="payment_refund_within_amount",
            ),
            # At most one live or successful payment per checkout.
            models.UniqueConstraint(
                fields=["checkout"],
                condition=Q(status__in=["requires_confirmation", "processing", "succeeded"]),
                name="payment_one_live_per_checkout",
            ),
        ]

    def __str__(self) -> str:
        return self.id


class PaymentStatusChange(models.Model):
    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24)
    actor = models.CharField(max_length=80)
    reason = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.payment_id}: {self.from_status} -> {self.to_status}"


class OrderPayment(models.Model):
    """How one order's share of a payment was booked: the journal, the FX rate, the amounts
    in the settlement currency. Refunds and settlement read it."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="order_parts")
    order = models.OneToOneField(
        "orders.Order", on_delete=models.PROTECT, related_name="payment_part"
    )
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, related_name="+")
    journal = models.ForeignKey(Journal, on_delete=models.PROTECT, related_name="+")
    fx_quote = models.ForeignKey("markets.FxQuote", on_delete=models.PROTECT, related_name="+")
    settlement_currency = models.CharField(max_length=3)
    goods_settlement_minor = models.BigIntegerField(
        help_text="goods at the customer rate, before commission"
    )
    commission_minor = models.BigIntegerField()
    fx_spread_minor = models.BigIntegerField()
    refunded_minor = models.BigIntegerField(default=0, help_text="in the payment currency")

    def __str__(self) -> str:
        return f"{self.payment_id} / {self.order_id}"


class RefundReason(models.TextChoices):
    BEFORE_SHIPPING = "before_shipping", "Canceled before shipping"
    CUSTOMS_REJECTED = "customs_rejected", "Rejected by customs"
    COLD_CHAIN_CLAIM = "cold_chain_claim", "Cold-chain excursion claim"
    CUSTOMER_REQUEST = "customer_request", "Customer request"


class Refund(models.Model):
    id = models.CharField(max_length=40, primary_key=True)
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="refunds")
    amount_minor = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    reason = models.CharField(max_length=20, choices=RefundReason.choices)
    journal = models.ForeignKey(Journal, on_delete=models.PROTECT, related_name="+")
    actor = models.CharField(max_length=80)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount_minor__gt=0), name="refund_amount_positive")
        ]

    def __str__(self) -> str:
        return self.id


class PaymentCode(models.Model):
    """A one-time code the wallet shows at the till: 18 digits, about a minute, used once.
    Only its digest is stored: for its minute it is as good as the wallet."""

    digest = models.CharField(max_length=64, unique=True)
    wallet = models.ForeignKey(Wallet, on_delete=models.CASCADE, related_name="codes")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="charges tried with it, counted before each reaches the wallet"
    )
    voided_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="its last attempt refused: it no longer pays, at any amount",
    )

    def __str__(self) -> str:
        return f"code for {self.wallet_id} until {self.expires_at:%H:%M:%S}"


class InStoreMode(models.TextChoices):
    USER_PRESENTED = "user_presented", "Customer shows a code"
    SHOP_PRESENTED = "shop_presented", "Till shows a QR"


class InStoreStatus(models.TextChoices):
    AWAITING_CUSTOMER = "awaiting_customer", "Awaiting the customer (QR shown)"
    SUCCEEDED = "succeeded", "Succeeded"
    EXPIRED = "expired", "Expired"


class InStorePayment(models.Model):
    id = models.CharField(max_length=40, primary_key=True)
    shop = models.ForeignKey("merchants.Shop", on_delete=models.PROTECT, related_name="payments")
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, related_name="+")
    mode = models.CharField(max_length=16, choices=InStoreMode.choices)
    request_id = models.CharField(max_length=255)
    amount_minor = models.BigIntegerField(help_text="in the shop's currency")
    currency = models.CharField(max_length=3)
    qr_digest = models.CharField(max_length=64, blank=True)
    wallet = models.ForeignKey(
        Wallet, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    consumer = models.ForeignKey(
        "accounts.Consumer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    wallet_amount_minor = models.BigIntegerField(null=True, blank=True)
    wallet_currency = models.CharField(max_length=3, blank=True)
    fx_quote = models.ForeignKey(
        "markets.FxQuote", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    commission_minor = models.BigIntegerField(default=0)
    refunded_minor = models.BigIntegerField(default=0)
    journal = models.ForeignKey(
        Journal, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=20, choices=InStoreStatus.choices)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    succeeded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["shop", "request_id"], name="instore_request_per_shop"),
            models.CheckConstraint(condition=Q(amount_minor__gt=0), name="instore_amount_positive"),
            models.CheckConstraint(
                condition=Q(refunded_minor__lte=F("amount_minor")),
                name="instore_refund_within_amount",
            ),
        ]
        indexes = [models.Index(fields=["qr_digest"], name="instore_qr")]

    def __str__(self) -> str:
        return self.id


class InStoreRefund(models.Model):
    id = models.CharField(max_length=40, primary_key=True)
    payment = models.ForeignKey(InStorePayment, on_delete=models.PROTECT, related_name="refunds")
    amount_minor = models.BigIntegerField(help_text="in the shop's currency")
    wallet_amount_minor = models.BigIntegerField(
        help_text="back to the wallet at the refund day's rate"
    )
    fx_quote = models.ForeignKey(
        "markets.FxQuote", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    journal = models.ForeignKey(Journal, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.id


class PayoutStatus(models.TextChoices):
    SENDING = "sending", "Recorded, being sent to the bank"
    INSTRUCTED = "instructed", "Instructed to the bank"
    FAILED = "failed", "Refused by the bank"


class Payout(models.Model):
    """One settlement of a merchant's payable in its currency for one day."""

    id = models.CharField(max_length=64, primary_key=True)
    merchant = models.ForeignKey(
        "merchants.Merchant", on_delete=models.PROTECT, related_name="payouts"
    )
    currency = models.CharField(max_length=3)
    business_date = models.DateField()
    gross_minor = models.BigIntegerField(help_text="the payable settled")
    fee_minor = models.BigIntegerField()
    amount_minor = models.BigIntegerField(help_text="sent to the merchant's bank")
    status = models.CharField(max_length=10, choices=PayoutStatus.choices)
    bank_reference = models.CharField(max_length=64, blank=True)
    failure_code = models.CharField(max_length=40, blank=True)
    journal = models.ForeignKey(
        Journal, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["merchant", "currency", "business_date"], name="payout_once_a_day"
            ),
        ]

    def __str__(self) -> str:
        return self.id


# Card intents live in their own module; imported here so the app registers them.
from tradelane.payments.card_models import (  # noqa: E402, F401
    CardIntent,
    CardIntentStatus,
    CardIntentStatusChange,
    CardRefund,
)
from tradelane.payments.payout_batch_models import (  # noqa: E402, F401  (registered here)
    PayoutBatch,
    PayoutBatchLine,
)
from tradelane.payments.remittance_models import (  # noqa: E402, F401  (registered here)
    PartnerPayment,
    PartnerPaymentLeg,
    RemittanceRun,
    TaxRemittance,
    TaxRemittanceItem,
)
