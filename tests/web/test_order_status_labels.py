"""Every order status a shopper or a report can meet has a name: orders under return once showed
the raw code `return_requested` on the shopper's order page and dropped out of sales figures."""

from __future__ import annotations

from django.utils import translation

from tradelane.orders.models import OrderStatus
from tradelane.orders.rules import SOLD_STATUSES
from tradelane.web.views.shop_common import ORDER_STATUS_LABELS


def test_every_order_status_has_a_shopper_label_in_both_languages() -> None:
    assert set(ORDER_STATUS_LABELS) == set(OrderStatus.values)
    with translation.override("zh-hans"):
        untranslated = [code for code, label in ORDER_STATUS_LABELS.items() if str(label).isascii()]
    assert untranslated == []


def test_orders_under_return_still_count_as_sold_until_refunded() -> None:
    returning = {OrderStatus.RETURN_REQUESTED, OrderStatus.RETURN_IN_TRANSIT}
    assert returning <= set(SOLD_STATUSES)
    assert OrderStatus.REFUNDED not in SOLD_STATUSES
