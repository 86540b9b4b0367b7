"""Reads of stock for merchants and pages."""

from __future__ import annotations

from tradelane.inventory.models import StockItem


def merchant_stock(merchant_id: int, *, limit: int, offset: int = 0) -> list[StockItem]:
    """The merchant's stock items, oldest first, with variant and location for display."""
    items = StockItem.objects.filter(merchant_id=merchant_id).select_related("variant", "location")
    return list(items.order_by("pk")[offset : offset + limit])


def stock_item(item_id: int) -> StockItem:
    """The item as committed now, with variant and location, for the answer after a change."""
    return StockItem.objects.select_related("variant", "location").get(pk=item_id)
