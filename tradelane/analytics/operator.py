"""Read models for the operator dashboard: GMV per market, customs outcomes and clearance times,
on-time delivery, the cold chain, the ledger invariant, orders per day, and the queues that wait
for an operator. Reads only; every figure is computed from the owning apps' tables."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet, Sum

from tradelane.core import clock
from tradelane.core.errors import ApplicationError
from tradelane.core.money import Money
from tradelane.customs.models import Declaration, DeclarationStatus
from tradelane.fulfilment.services.shipments import PROMISE_HOURS
from tradelane.logistics.models import ClaimStatus, ColdChainClaim, Shipment, ShipmentStatus
from tradelane.markets.selectors import fx_mid_rate
from tradelane.merchants.models import Merchant, MerchantStatus
from tradelane.orders.models import Order, OrderStatus
from tradelane.payments.invariant import ledger_invariant

REPORTING_CURRENCY = "AUD"
UNPAID = (OrderStatus.AWAITING_PAYMENT, OrderStatus.CANCELED, OrderStatus.EXPIRED)


@dataclass(frozen=True)
class Window:
    """The period a dashboard covers: [start, end)."""

    start: datetime
    end: datetime

    @classmethod
    def last_days(cls, days: int, *, now: datetime | None = None) -> Window:
        end = now or clock.now()
        return cls(start=end - timedelta(days=days), end=end)


# --- GMV -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MarketGmv:
    market: str
    orders: int
    gmv: Money
    in_reporting: Money | None  # None when no FX rate to AUD is loaded


@dataclass(frozen=True)
class GmvReport:
    rows: list[MarketGmv]
    total: Money  # AUD equivalent of the rows that could be converted
    unconverted: list[str] = field(default_factory=list)  # markets left out of the total


def paid_orders(window: Window) -> QuerySet[Order]:
    return Order.objects.filter(created_at__gte=window.start, created_at__lt=window.end).exclude(
        status__in=UNPAID
    )


def _to_reporting(amount: Money, at: datetime) -> Money | None:
    try:
        rate = fx_mid_rate(amount.currency, REPORTING_CURRENCY, at).rate
    except ApplicationError:
        return None
    return Money.of(amount.amount * rate, REPORTING_CURRENCY)


def gmv_by_market(window: Window) -> GmvReport:
    """Paid orders' totals in each market's own currency, and their AUD equivalent at the
    window's end mid rate (a reporting figure, not a price anyone was charged)."""
    grouped = (
        paid_orders(window)
        .values("market_id", "currency")
        .annotate(n=Count("pk"), gmv=Sum("total_minor"))
        .order_by("market_id", "currency")
    )
    rows: list[MarketGmv] = []
    total = Money.zero(REPORTING_CURRENCY)
    unconverted: list[str] = []
    for row in grouped:
        gmv = Money.from_minor(int(row["gmv"] or 0), row["currency"])
        converted = _to_reporting(gmv, window.end)
        rows.append(MarketGmv(row["market_id"], int(row["n"]), gmv, converted))
        if converted is None:
            unconverted.append(row["market_id"])
        else:
            total = total + converted
    return GmvReport(rows=rows, total=total, unconverted=unconverted)


# --- customs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Percentiles:
    count: int
    p50_hours: float | None
    p90_hours: float | None


def percentiles(hours: list[float]) -> Percentiles:
    """Nearest-rank p50 and p90 (no interpolation: each figure is a time that happened)."""
    if not hours:
        return Percentiles(0, None, None)
    ordered = sorted(hours)

    def rank(p: int) -> float:
        return ordered[max(0, -(-p * len(ordered) // 100) - 1)]

    return Percentiles(len(ordered), round(rank(50), 1), round(rank(90), 1))


@dataclass(frozen=True)
class CustomsReport:
    by_status: dict[str, int]
    on_hold: int  # paused by an operator, whatever customs' status
    clearance: Percentiles  # submitted -> cleared

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


def customs_outcomes(window: Window) -> CustomsReport:
    declarations = Declaration.objects.filter(
        created_at__gte=window.start, created_at__lt=window.end
    )
    counted = Counter(dict(declarations.values_list("status").annotate(n=Count("pk"))))
    by_status = {status: int(counted.get(status, 0)) for status in DeclarationStatus.values}
    cleared = declarations.filter(
        status=DeclarationStatus.CLEARED, submitted_at__isnull=False, decided_at__isnull=False
    ).values_list("submitted_at", "decided_at")
    hours = [
        (decided - submitted).total_seconds() / 3600
        for submitted, decided in cleared
        if submitted is not None and decided is not None
    ]
    return CustomsReport(
        by_status=by_status,
        on_hold=declarations.filter(on_hold=True).count(),
        clearance=percentiles(hours),
    )


# --- delivery and cold chain -----------------------------------------------------------------


@dataclass(frozen=True)
class DeliveryReport:
    delivered: int
    on_time: int
    in_flight: int

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.delivered if self.delivered else None


def on_time_delivery(window: Window) -> DeliveryReport:
    """Parcels handed over in the window and delivered, against the customs mode's promise
    (the hours the planner routes for: 9610 direct mail 240 h, 1210 bonded 96 h)."""
    shipments = Shipment.objects.filter(created_at__gte=window.start, created_at__lt=window.end)
    delivered = shipments.filter(status=ShipmentStatus.DELIVERED, status_at__isnull=False)
    on_time = 0
    count = 0
    for made, at, mode in delivered.values_list("created_at", "status_at", "customs_mode"):
        count += 1
        promise = PROMISE_HOURS.get(mode)
        if promise is not None and at is not None and at - made <= timedelta(hours=promise):
            on_time += 1
    finished = (ShipmentStatus.DELIVERED, ShipmentStatus.RETURNED)
    return DeliveryReport(
        delivered=count,
        on_time=on_time,
        in_flight=shipments.exclude(status__in=finished).count(),
    )


@dataclass(frozen=True)
class PartnerClaims:
    partner_code: str
    partner_name: str
    open: int
    refunded: int


@dataclass(frozen=True)
class ColdChainReport:
    cold_parcels: int
    excursions: int
    claims_open: int
    by_partner: list[PartnerClaims]


def cold_chain(window: Window) -> ColdChainReport:
    shipments = Shipment.objects.filter(created_at__gte=window.start, created_at__lt=window.end)
    claims = ColdChainClaim.objects.filter(shipment__in=shipments)
    rows = (
        claims.values("partner__code", "partner__name")
        .annotate(
            open=Count("pk", filter=Q(status=ClaimStatus.OPEN)),
            refunded=Count("pk", filter=Q(status=ClaimStatus.REFUNDED)),
        )
        .order_by("-open", "-refunded", "partner__code")
    )
    by_partner = [
        PartnerClaims(r["partner__code"], r["partner__name"], r["open"], r["refunded"])
        for r in rows
    ]
    return ColdChainReport(
        cold_parcels=shipments.exclude(temperature_class="ambient").count(),
        excursions=shipments.filter(excursion=True).count(),
        claims_open=sum(p.open for p in by_partner),
        by_partner=by_partner,
    )


# --- ledger, traffic, queues -----------------------------------------------------------------


@dataclass(frozen=True)
class LedgerStatus:
    balanced: bool
    currencies: list[str]
    unbalanced_currencies: list[str]
    mismatched_accounts: int
    accounts: int
    transfers: int
    checked_at: datetime


def ledger_status() -> LedgerStatus:
    report = ledger_invariant()
    return LedgerStatus(
        balanced=report.ok,
        currencies=sorted(report.currencies),
        unbalanced_currencies=list(report.unbalanced_currencies),
        mismatched_accounts=len(report.mismatched_accounts),
        accounts=report.accounts,
        transfers=report.transfers,
        checked_at=clock.now(),
    )


@dataclass(frozen=True)
class DayCount:
    day: date
    orders: int


def orders_per_day(days: int = 14, *, now: datetime | None = None) -> list[DayCount]:
    """Paid orders per UTC day, oldest first, every day present (zero when quiet)."""
    end = now or clock.now()
    first = end.date() - timedelta(days=days - 1)
    window = Window(start=datetime.combine(first, datetime.min.time(), tzinfo=end.tzinfo), end=end)
    counts = Counter(
        created.date() for created in paid_orders(window).values_list("created_at", flat=True)
    )
    return [
        DayCount(first + timedelta(days=i), counts.get(first + timedelta(days=i), 0))
        for i in range(days)
    ]


@dataclass(frozen=True)
class Queues:
    """What waits for an operator; each links to its filtered admin list."""

    merchants_applied: int
    declarations_held: int  # held by customs or paused by an operator
    claims_open: int


def operator_queues() -> Queues:
    waiting = (MerchantStatus.APPLIED, MerchantStatus.IN_REVIEW)
    held = Q(status=DeclarationStatus.HELD) | Q(on_hold=True)
    return Queues(
        merchants_applied=Merchant.objects.filter(status__in=waiting).count(),
        declarations_held=Declaration.objects.filter(held).count(),
        claims_open=ColdChainClaim.objects.filter(status=ClaimStatus.OPEN).count(),
    )


@dataclass(frozen=True)
class Dashboard:
    window: Window
    gmv: GmvReport
    customs: CustomsReport
    delivery: DeliveryReport
    cold_chain: ColdChainReport
    orders_per_day: list[DayCount]
    queues: Queues


def operator_dashboard(days: int = 30) -> Dashboard:
    window = Window.last_days(days)
    return Dashboard(
        window=window,
        gmv=gmv_by_market(window),
        customs=customs_outcomes(window),
        delivery=on_time_delivery(window),
        cold_chain=cold_chain(window),
        orders_per_day=orders_per_day(14, now=window.end),
        queues=operator_queues(),
    )
