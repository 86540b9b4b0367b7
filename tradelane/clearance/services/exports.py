"""Export side: an AU export declaration or NZ export entry for each paid consignment that is
over the country's value threshold or carries goods under an export permit."""

from __future__ import annotations

from tradelane.core import clock
from tradelane.core.money import Money
from tradelane.customs import compliance
from tradelane.customs.models import ExportDeclaration, ExportPermit
from tradelane.orders.models import Order, OrderStatus
from tradelane.payments.models import OrderPayment

EXPORTED = (OrderStatus.PAID, OrderStatus.IN_FULFILMENT, OrderStatus.SHIPPED)


def _assessment(
    order: Order, country: str, reasons: list[str], **fields: object
) -> ExportDeclaration:
    return ExportDeclaration(
        order=order,
        merchant_id=order.merchant_id,
        country=country,
        required=bool(reasons),
        reasons=reasons,
        created_at=clock.now(),
        **fields,
    )


def _export_declaration(part: OrderPayment) -> ExportDeclaration:
    order = part.order
    country = order.merchant.country
    today = clock.today()
    rule = compliance.export_declaration_rule(country, today)
    value = Money.from_minor(part.goods_settlement_minor, part.settlement_currency)
    facts = {"value_minor": value.minor, "currency": value.currency}
    if rule is None or order.market_id == country or value.currency != rule.threshold.currency:
        return _assessment(order, country, [], document="", **facts)
    categories = {
        ln.variant.product.category
        for ln in order.lines.all()
        if compliance.needs_export_permit(ln.variant.product.category, ln.hs_code, today)
    }
    reasons = compliance.export_declaration_reasons(value, rule, bool(categories))
    permits = sorted(
        ExportPermit.objects.filter(
            merchant_id=order.merchant_id, category__in=categories
        ).values_list("number", flat=True)
    )
    return _assessment(
        order, country, reasons, document=rule.document if reasons else "", permits=permits, **facts
    )


def export_declarations_open(*, limit: int = 200) -> int:
    """Assess every paid order once; returns how many need a declaration."""
    seen = ExportDeclaration.objects.values("order_id")
    parts = (
        OrderPayment.objects.filter(order__status__in=EXPORTED)
        .exclude(order_id__in=seen)
        .select_related("order__merchant")
        .prefetch_related("order__lines__variant__product")
        .order_by("order_id")[:limit]
    )
    made = [_export_declaration(p) for p in parts]
    ExportDeclaration.objects.bulk_create(made, ignore_conflicts=True)
    return sum(1 for d in made if d.required)
