"""Tie every payment, refund, till payment and payout to its journal, and flag what does not."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Sum

from tradelane.orders.models import Order, OrderStatus
from tradelane.payments.models import (
    InStorePayment,
    InStoreStatus,
    OrderPayment,
    Payment,
    PaymentStatus,
    Payout,
    PayoutStatus,
    Refund,
    Transfer,
)
from tradelane.payments.services.accounts import payer_account_id

PAID_STATES = (
    OrderStatus.PAID,
    OrderStatus.IN_FULFILMENT,
    OrderStatus.SHIPPED,
    OrderStatus.DELIVERED,
    OrderStatus.COMPLETED,
    OrderStatus.REFUNDED,
)


@dataclass
class ReconciliationReport:
    checked: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    mismatches: list[dict[str, object]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches

    def flag(self, kind: str, ref: str, problem: str, **numbers: object) -> None:
        self.mismatches.append({"kind": kind, "reference": ref, "problem": problem, **numbers})


def _moved(journal_id: str | None, *, debit: int | None = None, credit: int | None = None) -> int:
    rows = Transfer.objects.filter(journal_id=journal_id)
    rows = rows.filter(debit_account_id=debit) if debit else rows.filter(credit_account_id=credit)
    return int(rows.aggregate(s=Sum("amount"))["s"] or 0)


def _payments(report: ReconciliationReport) -> None:
    for p in Payment.objects.filter(status=PaymentStatus.SUCCEEDED).select_related("wallet"):
        report.checked["payments"] += 1
        taken = _moved(f"capture:{p.pk}", debit=payer_account_id(p))
        if taken != p.amount_minor:
            report.flag(
                "payment",
                p.pk,
                "wallet debit differs from the payment",
                expected=p.amount_minor,
                journal=taken,
            )
        orders = Order.objects.filter(checkout_id=p.checkout_id)
        if orders.exclude(status__in=PAID_STATES).exists():
            report.flag("payment", p.pk, "an order of a paid checkout is not paid")
        if OrderPayment.objects.filter(payment=p).count() != orders.count():
            report.flag("payment", p.pk, "an order of the checkout has no booked share")
    for o in Order.objects.filter(status__in=PAID_STATES, payment_part__isnull=True):
        report.flag("order", o.number, "the order is paid but no payment booked it")


def _refunds(report: ReconciliationReport) -> None:
    for r in Refund.objects.select_related("payment__wallet"):
        report.checked["refunds"] += 1
        back = _moved(r.journal_id, credit=payer_account_id(r.payment))
        if back != r.amount_minor:
            report.flag(
                "refund",
                r.pk,
                "wallet credit differs from the refund",
                expected=r.amount_minor,
                journal=back,
            )
    for part in OrderPayment.objects.all():
        total = (
            Refund.objects.filter(order_id=part.order_id).aggregate(s=Sum("amount_minor"))["s"] or 0
        )
        if total != part.refunded_minor:
            report.flag(
                "order",
                str(part.order_id),
                "refunds differ from the refunded total",
                expected=part.refunded_minor,
                refunds=total,
            )


def _instore(report: ReconciliationReport) -> None:
    for p in InStorePayment.objects.filter(status=InStoreStatus.SUCCEEDED).select_related("wallet"):
        report.checked["instore"] += 1
        taken = _moved(p.journal_id, debit=p.wallet.account_id) if p.wallet else 0
        if taken != p.wallet_amount_minor:
            report.flag(
                "instore",
                p.pk,
                "wallet debit differs from the till payment",
                expected=p.wallet_amount_minor,
                journal=taken,
            )


def _payouts(report: ReconciliationReport) -> None:
    for p in Payout.objects.filter(status=PayoutStatus.INSTRUCTED):
        report.checked["payouts"] += 1
        paid = Transfer.objects.filter(journal_id=p.journal_id).aggregate(s=Sum("amount"))["s"] or 0
        if paid != p.gross_minor:
            report.flag(
                "payout",
                p.pk,
                "journal differs from the payout",
                expected=p.gross_minor,
                journal=paid,
            )


def reconcile() -> ReconciliationReport:
    report = ReconciliationReport()
    for check in (_payments, _refunds, _instore, _payouts):
        check(report)
    return report
