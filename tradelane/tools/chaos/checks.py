"""The database side of the chaos checks, run after the load has stopped and the platform has
drained. Each check answers with a `CheckResult`: passed or not, a figure, and the first few
offending rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Sum

from tradelane.customs.models import Declaration, DeclarationStatus
from tradelane.orders.models import Checkout, Order, OrderStatus
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import (
    InStorePayment,
    InStoreRefund,
    InStoreStatus,
    Payment,
    PaymentStatus,
    Refund,
    TopUp,
    TopUpStatus,
    Wallet,
)
from tradelane.payments.services.reconciliation import reconcile
from tradelane.tools.chaos.clientlog import Attempt, Comparison, DbRow, compare

SHOWN = 5  # offending rows listed per check


@dataclass
class CheckResult:
    name: str
    ok: bool
    figure: str
    details: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        head = f"{'PASS' if self.ok else 'FAIL'}  {self.name}: {self.figure}"
        more = len(self.details) - SHOWN
        return [
            head,
            *(f"        {d}" for d in self.details[:SHOWN]),
            *([f"        … and {more} more"] if more > 0 else []),
        ]


@dataclass(frozen=True)
class Scope:
    """What the load made: its consumers and its shop; rows present before it are not its."""

    consumer_ids: Sequence[int]
    shop_ids: Sequence[int]
    topups_before: frozenset[str] = frozenset()


def load_rows(scope: Scope) -> list[DbRow]:
    consumers, shops = list(scope.consumer_ids), list(scope.shop_ids)
    rows = [
        DbRow("topup", t.pk, t.amount_minor, t.status, t.status != TopUpStatus.FAILED)
        for t in TopUp.objects.filter(consumer_id__in=consumers).exclude(pk__in=scope.topups_before)
    ]
    rows += [
        DbRow("checkout", str(c.pk), c.total_minor, c.status, False)
        for c in Checkout.objects.filter(consumer_id__in=consumers)
    ]
    rows += [
        DbRow("payment", p.pk, p.amount_minor, p.status, p.status == PaymentStatus.SUCCEEDED)
        for p in Payment.objects.filter(consumer_id__in=consumers)
    ]
    rows += [
        DbRow("instore", p.pk, p.amount_minor, p.status, p.status == InStoreStatus.SUCCEEDED)
        for p in InStorePayment.objects.filter(shop_id__in=shops)
    ]
    # Refunds the load asked for; customs rejections refund as `system:customs`.
    rows += [
        DbRow("refund", r.pk, r.amount_minor, r.actor)
        for r in Refund.objects.filter(
            order__consumer_id__in=consumers, actor__startswith="merchant:"
        )
    ]
    rows += [
        DbRow("instore_refund", r.pk, r.amount_minor)
        for r in InStoreRefund.objects.filter(payment__shop_id__in=shops)
    ]
    return rows


def check_ledger() -> CheckResult:
    report = ledger_invariant()
    details = [f"{c}: unbalanced {report.currencies.get(c)}" for c in report.unbalanced_currencies]
    details += [str(m) for m in report.mismatched_accounts]
    return CheckResult(
        "ledger invariant",
        report.ok,
        f"{len(report.currencies)} currencies, {report.accounts} accounts,"
        f" {report.transfers} transfers; {len(report.unbalanced_currencies)} unbalanced,"
        f" {len(report.mismatched_accounts)} account totals off",
        details,
    )


def check_reconcile() -> CheckResult:
    report = reconcile()
    checked = ", ".join(f"{n} {kind}" for kind, n in sorted(report.checked.items()))
    return CheckResult(
        "reconcile",
        report.ok,
        f"{len(report.mismatches)} mismatches ({checked} checked)",
        [str(m) for m in report.mismatches],
    )


def _sum(rows: Iterable[int | None]) -> int:
    return sum(r or 0 for r in rows)


def wallet_story(wallet: Wallet) -> tuple[int, int]:
    """(credits, debits) the wallet's rows account for: succeeded top-ups, refunds and till
    refunds in; succeeded payments and till payments out."""
    w = wallet.pk
    credits = _sum(
        [
            TopUp.objects.filter(wallet_id=w, status=TopUpStatus.SUCCEEDED).aggregate(
                s=Sum("amount_minor")
            )["s"],
            Refund.objects.filter(payment__wallet_id=w).aggregate(s=Sum("amount_minor"))["s"],
            InStoreRefund.objects.filter(payment__wallet_id=w).aggregate(
                s=Sum("wallet_amount_minor")
            )["s"],
        ]
    )
    debits = _sum(
        [
            Payment.objects.filter(wallet_id=w, status=PaymentStatus.SUCCEEDED).aggregate(
                s=Sum("amount_minor")
            )["s"],
            InStorePayment.objects.filter(wallet_id=w, status=InStoreStatus.SUCCEEDED).aggregate(
                s=Sum("wallet_amount_minor")
            )["s"],
        ]
    )
    return credits, debits


def check_double_charge(scope: Scope, comparison: Comparison) -> CheckResult:
    """At most one successful payment per checkout and one row per key (the client log), and
    every load wallet's ledger totals equal what its rows account for: money moved twice for
    one request shows as a wallet debited more than its payments."""
    details = list(comparison.double)
    twice = (
        Payment.objects.filter(
            consumer_id__in=list(scope.consumer_ids), status=PaymentStatus.SUCCEEDED
        )
        .values("checkout_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    details += [f"checkout {row['checkout_id']}: {row['n']} successful payments" for row in twice]
    wallets = Wallet.objects.filter(consumer_id__in=list(scope.consumer_ids)).select_related(
        "account"
    )
    for wallet in wallets:
        credits, debits = wallet_story(wallet)
        a = wallet.account
        if (a.credits_posted, a.debits_posted) != (credits, debits):
            details.append(
                f"wallet {wallet.consumer_id} {wallet.currency}: ledger credits {a.credits_posted}"
                f" debits {a.debits_posted}; its rows account for credits {credits}"
                f" debits {debits}"
            )
    return CheckResult(
        "no double charge",
        not details,
        f"{len(wallets)} wallets and their payments checked; {len(details)} problems",
        details,
    )


def check_client_log(attempts: Sequence[Attempt], scope: Scope) -> tuple[CheckResult, ...]:
    c = compare(attempts, load_rows(scope))
    return (
        CheckResult(
            "no acknowledged-but-lost",
            not c.lost,
            f"{c.acked} acknowledged operations, {len(c.lost)} not in the database as answered",
            c.lost,
        ),
        CheckResult(
            "no unacknowledged-but-done",
            not c.unacknowledged_done,
            f"{len(c.unacknowledged_done)} money rows no client was given",
            c.unacknowledged_done,
        ),
        CheckResult(
            "unknown outcomes settled by replay",
            not c.unresolved,
            f"{c.unknown} unknown after the load, {c.resolved_by_replay} settled by replaying"
            f" the key, {len(c.unresolved)} unresolved",
            c.unresolved,
        ),
    )


# Where customs leaves a paid order waiting: the declaration is with customs. Any other state
# should have moved the order on: cleared (the shipment job takes it to fulfilment), rejected
# (refunded in full), cancelled (only for an order already refunded in full), pending or none
# (the declaration job has not done its work).
WAITING_ON_CUSTOMS = (DeclarationStatus.SUBMITTED, DeclarationStatus.HELD)


def check_orders_moved_on(scope: Scope) -> CheckResult:
    """No paid order is left where payment put it: each has moved on (refunded, in fulfilment,
    shipped…) or is still `paid` only while customs has its declaration (submitted or held);
    and no order whose declaration customs rejected is anything but refunded."""
    unpaid = [OrderStatus.AWAITING_PAYMENT, OrderStatus.EXPIRED, OrderStatus.CANCELED]
    paid = Order.objects.filter(consumer_id__in=list(scope.consumer_ids)).exclude(status__in=unpaid)
    total = paid.count()
    declaration = dict(Declaration.objects.filter(order__in=paid).values_list("order_id", "status"))
    stuck = [
        f"order {number} still paid, declaration {declaration.get(pk) or 'none'}"
        for pk, number in paid.filter(status=OrderStatus.PAID)
        .order_by("pk")
        .values_list("pk", "number")
        if declaration.get(pk) not in WAITING_ON_CUSTOMS
    ]
    rejected = [pk for pk, status in declaration.items() if status == DeclarationStatus.REJECTED]
    unrefunded = [
        f"order {number} {status}, declaration rejected but the order not refunded"
        for number, status in paid.filter(pk__in=rejected)
        .exclude(status=OrderStatus.REFUNDED)
        .order_by("pk")
        .values_list("number", "status")
    ]
    by_status = dict(paid.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return CheckResult(
        "every paid order moved on",
        not stuck and not unrefunded,
        f"{total} orders paid, now {by_status or 'none'}; {len(stuck)} still paid without a"
        f" declaration submitted or held, {len(unrefunded)} rejected by customs and not refunded",
        [*stuck, *unrefunded],
    )


def check_queue(
    max_depth: int, final_depth: int, bound: int, samples: int, failed: int = 0
) -> CheckResult:
    """`samples` counts only the samples that read the queue; `failed` those that could not
    (all-failed sampling shows a max of 0, which proves nothing). At most a tenth may fail."""
    too_many_failed = failed > (samples + failed) // 10
    ok = samples > 0 and not too_many_failed and max_depth <= bound and final_depth <= bound
    details = [] if samples else ["the queue was never read"]
    if too_many_failed:
        details.append(f"{failed} of {samples + failed} queue reads failed (at most a tenth may)")
    return CheckResult(
        "queue depth bounded",
        ok,
        f"max {max_depth} messages over {samples} samples (bound {bound}), {final_depth} at the"
        f" end; {failed} failed reads",
        details,
    )


def check_recovered(seconds_to_ready: float | None, limit: float) -> CheckResult:
    """The platform's own supervision brought it back: /readyz (a worker consumes each queue,
    the periodic jobs do not lag) answered 200 within `limit` seconds of the last fault, before
    the harness drains the jobs itself (which would hide a worker or scheduler never
    restarted)."""
    ready = seconds_to_ready is not None
    return CheckResult(
        "platform recovered",
        ready,
        f"/readyz 200 {seconds_to_ready:.0f} s after the last fault (limit {limit:.0f} s)"
        if ready
        else f"/readyz not 200 within {limit:.0f} s of the last fault",
        [] if ready else [f"not ready {limit:.0f} s after the last fault"],
    )


def run_checks(
    attempts: Sequence[Attempt],
    scope: Scope,
    extra: Sequence[Callable[[], CheckResult]] = (),
) -> list[CheckResult]:
    comparison = compare(attempts, load_rows(scope))
    return [
        check_ledger(),
        check_reconcile(),
        check_double_charge(scope, comparison),
        *check_client_log(attempts, scope),
        check_orders_moved_on(scope),
        *(check() for check in extra),
    ]
