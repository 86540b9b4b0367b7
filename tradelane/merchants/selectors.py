"""Reads of the merchants room for pages and the API."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tradelane.merchants.models import Shop


def _staff_shops(user: Any) -> QuerySet[Shop]:
    return Shop.objects.filter(merchant__staff__user=user, is_active=True).select_related(
        "merchant"
    )


def staff_shops(user: Any) -> list[Shop]:
    """The active shops of every merchant the user owns or works for, by name."""
    return list(_staff_shops(user).order_by("name", "pk").distinct())


def staff_shop(user: Any, shop_id: int) -> Shop | None:
    """One of those shops, or None: a shop of another merchant is not found, not refused."""
    return _staff_shops(user).filter(pk=shop_id).first()
