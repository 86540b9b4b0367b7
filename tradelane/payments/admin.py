"""Operator screens for money: read-only, because money only moves through the services."""

from __future__ import annotations

from django.contrib import admin

import tradelane.payments.payout_batch_admin  # noqa: F401  (registers its screens)
from tradelane.core.admin import ReadOnlyModelAdmin, ReadOnlyTabularInline, money_display
from tradelane.payments import remittance_admin  # noqa: F401  (registers its screens)
from tradelane.payments.models import (
    InStorePayment,
    Journal,
    LedgerAccount,
    Payment,
    PaymentStatusChange,
    Payout,
    Refund,
    TopUp,
    Transfer,
    Wallet,
)


@admin.register(LedgerAccount)
class LedgerAccountAdmin(ReadOnlyModelAdmin):
    list_display = (
        "code",
        "kind",
        "currency",
        "balance",
        "pending",
        "debits_must_not_exceed_credits",
    )
    list_filter = ("kind", "currency", "debits_must_not_exceed_credits")
    search_fields = ("code",)
    ordering = ("code",)

    @admin.display(description="balance (credits - debits, posted)")
    def balance(self, obj: LedgerAccount) -> str:
        return money_display(obj.credit_balance, obj.currency)

    @admin.display(description="held")
    def pending(self, obj: LedgerAccount) -> str:
        return money_display(obj.debits_pending, obj.currency)


class TransferInline(ReadOnlyTabularInline):
    model = Transfer
    fields = (
        "id",
        "kind",
        "debit_account",
        "credit_account",
        "amount",
        "currency",
        "code",
        "resolution",
    )
    raw_id_fields = ("debit_account", "credit_account")


@admin.register(Journal)
class JournalAdmin(ReadOnlyModelAdmin):
    list_display = ("id", "kind", "reference", "created_at")
    list_filter = ("kind",)
    search_fields = ("id", "reference")
    date_hierarchy = "created_at"
    inlines = (TransferInline,)


@admin.register(Transfer)
class TransferAdmin(ReadOnlyModelAdmin):
    list_display = (
        "id",
        "kind",
        "debit_account",
        "credit_account",
        "amount_display",
        "code",
        "resolution",
        "created_at",
    )
    list_filter = ("kind", "code", "currency", "resolution")
    search_fields = ("id", "journal__id", "journal__reference")
    list_select_related = ("debit_account", "credit_account")
    date_hierarchy = "created_at"

    @admin.display(description="amount", ordering="amount")
    def amount_display(self, obj: Transfer) -> str:
        return money_display(obj.amount, obj.currency)


@admin.register(Wallet)
class WalletAdmin(ReadOnlyModelAdmin):
    list_display = ("consumer", "currency", "balance", "created_at")
    list_filter = ("currency",)
    search_fields = ("consumer__display_name", "consumer__user__email")
    list_select_related = ("consumer", "account")

    @admin.display(description="balance")
    def balance(self, obj: Wallet) -> str:
        return money_display(obj.account.credit_balance, obj.currency)


@admin.register(TopUp)
class TopUpAdmin(ReadOnlyModelAdmin):
    list_display = ("id", "consumer", "amount", "status", "failure_code", "created_at")
    list_filter = ("status", "currency", "failure_code")
    search_fields = ("id", "bank_reference", "consumer__user__email")
    list_select_related = ("consumer",)
    date_hierarchy = "created_at"

    @admin.display(description="amount", ordering="amount_minor")
    def amount(self, obj: TopUp) -> str:
        return money_display(obj.amount_minor, obj.currency)


class PaymentHistoryInline(ReadOnlyTabularInline):
    model = PaymentStatusChange
    fields = ("from_status", "to_status", "actor", "reason", "at")


@admin.register(Payment)
class PaymentAdmin(ReadOnlyModelAdmin):
    list_display = ("id", "consumer", "amount", "refunded", "status", "failure_code", "created_at")
    list_filter = ("status", "currency", "failure_code")
    search_fields = ("id", "consumer__user__email")
    list_select_related = ("consumer",)
    date_hierarchy = "created_at"
    inlines = (PaymentHistoryInline,)

    @admin.display(description="amount", ordering="amount_minor")
    def amount(self, obj: Payment) -> str:
        return money_display(obj.amount_minor, obj.currency)

    @admin.display(description="refunded", ordering="refunded_minor")
    def refunded(self, obj: Payment) -> str:
        return money_display(obj.refunded_minor, obj.currency)


@admin.register(Refund)
class RefundAdmin(ReadOnlyModelAdmin):
    list_display = ("id", "order", "amount", "reason", "actor", "created_at")
    list_filter = ("reason", "currency")
    search_fields = ("id", "order__number")
    list_select_related = ("order",)
    date_hierarchy = "created_at"

    @admin.display(description="amount", ordering="amount_minor")
    def amount(self, obj: Refund) -> str:
        return money_display(obj.amount_minor, obj.currency)


@admin.register(InStorePayment)
class InStorePaymentAdmin(ReadOnlyModelAdmin):
    list_display = (
        "id",
        "shop",
        "mode",
        "amount",
        "wallet_amount",
        "refunded",
        "status",
        "created_at",
    )
    list_filter = ("mode", "status", "currency")
    search_fields = ("id", "request_id", "shop__name")
    list_select_related = ("shop",)
    date_hierarchy = "created_at"

    @admin.display(description="amount", ordering="amount_minor")
    def amount(self, obj: InStorePayment) -> str:
        return money_display(obj.amount_minor, obj.currency)

    @admin.display(description="wallet paid")
    def wallet_amount(self, obj: InStorePayment) -> str:
        return (
            money_display(obj.wallet_amount_minor, obj.wallet_currency)
            if obj.wallet_currency
            else "—"
        )

    @admin.display(description="refunded")
    def refunded(self, obj: InStorePayment) -> str:
        return money_display(obj.refunded_minor, obj.currency)


@admin.register(Payout)
class PayoutAdmin(ReadOnlyModelAdmin):
    list_display = ("id", "merchant", "business_date", "amount", "fee", "status", "failure_code")
    list_filter = ("status", "currency", "business_date")
    search_fields = ("id", "merchant__trading_name", "bank_reference")
    list_select_related = ("merchant",)

    @admin.display(description="paid out", ordering="amount_minor")
    def amount(self, obj: Payout) -> str:
        return money_display(obj.amount_minor, obj.currency)

    @admin.display(description="fee")
    def fee(self, obj: Payout) -> str:
        return money_display(obj.fee_minor, obj.currency)
