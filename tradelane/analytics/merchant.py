"""A merchant's sales, read from its orders: by day, by buyer province, by product, and the
uplift of a campaign window over the same-length window just before it.

Sales are the goods value of orders that were paid and not refunded, in the market's currency
(one market per report: adding CNY to AUD would need a rate the orders never used)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import TruncDate
from django.utils import timezone

from tradelane.catalog.models import Listing, Product, Variant
from tradelane.customs import compliance
from tradelane.customs.models import ExportPermit
from tradelane.inventory.models import StockItem
from tradelane.logistics.models import Shipment
from tradelane.orders.models import Order, OrderLine
from tradelane.orders.rules import SOLD_STATUSES
from tradelane.payments.models import LedgerAccount, Payout

CAMPAIGN_DAYS = 7  # Fresh Food Week's length: the default window a merchant compares


@dataclass(frozen=True)
class Point:
    """One bar or point of a chart: a label, the goods value in minor units, the order count."""

    label: str
    minor: int
    orders: int


@dataclass(frozen=True)
class Window:
    start: date
    end: date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def before(self) -> Window:
        """The same number of days, ending the day before this window starts."""
        end = self.start - timedelta(days=1)
        return Window(end - timedelta(days=self.days - 1), end)


@dataclass(frozen=True)
class Uplift:
    window: Window
    baseline: Window
    window_minor: int
    baseline_minor: int
    window_orders: int
    baseline_orders: int

    @property
    def percent(self) -> Decimal | None:
        """Growth of sales over the baseline in percent; None when the baseline sold nothing."""
        if self.baseline_minor == 0:
            return None
        change = Decimal(self.window_minor - self.baseline_minor) * 100 / self.baseline_minor
        return change.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _bounds(window: Window) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.combine(window.start, time.min, tzinfo=tz)
    return start, start + timedelta(days=window.days)


def sold_orders(merchant_id: int, market_code: str, window: Window) -> QuerySet[Order]:
    start, end = _bounds(window)
    return Order.objects.filter(
        merchant_id=merchant_id,
        market_id=market_code,
        status__in=SOLD_STATUSES,
        created_at__gte=start,
        created_at__lt=end,
    )


def default_window(today: date) -> Window:
    return Window(today - timedelta(days=CAMPAIGN_DAYS - 1), today)


def sales_by_day(merchant_id: int, market_code: str, window: Window) -> list[Point]:
    """Every day of the window, days without sales at zero (a chart must not skip them)."""
    rows = (
        sold_orders(merchant_id, market_code, window)
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(minor=Sum("goods_minor"), orders=Count("pk"))
    )
    by_day = {row["day"]: row for row in rows}
    points = []
    for offset in range(window.days):
        day = window.start + timedelta(days=offset)
        row = by_day.get(day, {"minor": 0, "orders": 0})
        points.append(Point(day.isoformat(), int(row["minor"] or 0), int(row["orders"])))
    return points


def sales_by_province(merchant_id: int, market_code: str, window: Window) -> list[Point]:
    rows = (
        sold_orders(merchant_id, market_code, window)
        .annotate(province=KeyTextTransform("province", "shipping_address"))
        .values("province")
        .annotate(minor=Sum("goods_minor"), orders=Count("pk"))
        .order_by("-minor", "province")
    )
    return [Point(row["province"] or "?", int(row["minor"]), int(row["orders"])) for row in rows]


def sales_by_product(
    merchant_id: int, market_code: str, window: Window, *, limit: int = 10
) -> list[Point]:
    orders = sold_orders(merchant_id, market_code, window)
    rows = (
        OrderLine.objects.filter(order__in=orders)
        .values("name_en")
        .annotate(minor=Sum("goods_minor"), orders=Count("order", distinct=True))
        .order_by("-minor", "name_en")[:limit]
    )
    return [Point(row["name_en"], int(row["minor"]), int(row["orders"])) for row in rows]


def campaign_uplift(merchant_id: int, market_code: str, window: Window) -> Uplift:
    baseline = window.before()
    now = sold_orders(merchant_id, market_code, window).aggregate(
        minor=Sum("goods_minor"), orders=Count("pk")
    )
    then = sold_orders(merchant_id, market_code, baseline).aggregate(
        minor=Sum("goods_minor"), orders=Count("pk")
    )
    return Uplift(
        window=window,
        baseline=baseline,
        window_minor=int(now["minor"] or 0),
        baseline_minor=int(then["minor"] or 0),
        window_orders=int(now["orders"]),
        baseline_orders=int(then["orders"]),
    )


@dataclass(frozen=True)
class Summary:
    products: int
    active_listings: int
    orders_to_ship: int
    orders_total: int
    last_payout: Payout | None
    recent_orders: list[Order]


def dashboard_summary(merchant_id: int) -> Summary:
    orders = Order.objects.filter(merchant_id=merchant_id)
    return Summary(
        products=Product.objects.filter(merchant_id=merchant_id).count(),
        active_listings=Listing.objects.filter(merchant_id=merchant_id, status="active").count(),
        orders_to_ship=orders.filter(status__in=("paid", "in_fulfilment")).count(),
        orders_total=orders.count(),
        last_payout=Payout.objects.filter(merchant_id=merchant_id)
        .order_by("-business_date", "-created_at")
        .first(),
        recent_orders=list(orders.order_by("-created_at", "-pk")[:5]),
    )


# --- Portal reads: every one starts from the merchant, so another merchant's rows never match.


def merchant_variants(merchant_id: int) -> list[tuple[int, str]]:
    """(variant id, "SKU · product name · variant") for the portal's pickers."""
    variants = (
        Variant.objects.filter(merchant_id=merchant_id)
        .select_related("product")
        .order_by("product__name_en", "sku")
    )
    return [(v.pk, f"{v.sku} · {v.product.name_en} · {v.name_en}") for v in variants]


def merchant_stock(merchant_id: int) -> QuerySet[StockItem]:
    return (
        StockItem.objects.filter(merchant_id=merchant_id)
        .select_related("variant__product", "location")
        .order_by("variant__sku", "location__code")
    )


def merchant_listings_page(
    merchant_id: int, *, market: str = "", status: str = "", query: str = ""
) -> QuerySet[Listing]:
    """The merchant's listings, narrowed by market, status and a name or SKU fragment (empty
    narrows nothing)."""
    listings = Listing.objects.filter(merchant_id=merchant_id)
    if market:
        listings = listings.filter(market_id=market)
    if status:
        listings = listings.filter(status=status)
    if query:
        listings = listings.filter(
            Q(variant__sku__icontains=query)
            | Q(product__name_en__icontains=query)
            | Q(product__name_zh_hans__icontains=query)
        )
    return listings.select_related("variant", "product").order_by(
        "product__name_en", "variant__sku", "market_id"
    )


def merchant_order(merchant_id: int, number: str) -> Order | None:
    return (
        Order.objects.filter(merchant_id=merchant_id, number=number)
        .prefetch_related("lines", "history")
        .first()
    )


def order_shipment(order: Order) -> Shipment | None:
    return Shipment.objects.filter(order=order).select_related("origin", "destination").first()


def merchant_shipment(merchant_id: int, waybill: str) -> Shipment | None:
    return Shipment.objects.filter(merchant_id=merchant_id, pk=waybill).first()


def merchant_shipments(merchant_id: int) -> QuerySet[Shipment]:
    return (
        Shipment.objects.filter(merchant_id=merchant_id)
        .select_related("order", "destination")
        .order_by("-created_at")
    )


def merchant_payouts(merchant_id: int) -> QuerySet[Payout]:
    return Payout.objects.filter(merchant_id=merchant_id).order_by("-business_date", "-created_at")


def merchant_payable(merchant_id: int, currency: str) -> LedgerAccount | None:
    """The account the merchant's earnings collect in; a read, it never opens one."""
    return LedgerAccount.objects.filter(code=f"merchant_payable:{merchant_id}:{currency}").first()


@dataclass(frozen=True)
class PermitFlag:
    product: Product
    permit_required: bool
    direct_mail_allowed: bool
    permit: ExportPermit | None


def export_permit_flags(merchant_id: int, on: date) -> list[PermitFlag]:
    """Per product: must it travel under an export permit, is one on file and valid, and may
    it go to China by direct mail (or only through bonded stock)."""
    permits = {
        p.category: p
        for p in ExportPermit.objects.filter(merchant_id=merchant_id, valid_until__gte=on)
    }
    flags = []
    for product in Product.objects.filter(merchant_id=merchant_id).order_by("name_en"):
        required = compliance.needs_export_permit(product.category, product.hs_code, on)
        flags.append(
            PermitFlag(
                product=product,
                permit_required=required,
                direct_mail_allowed=not compliance.mail_prohibited(product.hs_code, on),
                permit=permits.get(product.category) if required else None,
            )
        )
    return flags
