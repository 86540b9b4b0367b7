"""Reads of the merchants room for pages and the API."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tradelane.merchants.models import ApiKey, Merchant, MerchantStaff, Shop


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


def merchant_api_keys(merchant: Merchant) -> list[ApiKey]:
    """Every key the merchant made, revoked ones too, newest first."""
    return list(merchant.api_keys.order_by("-pk"))


def merchant_staff(merchant: Merchant) -> list[MerchantStaff]:
    return list(merchant.staff.select_related("user").order_by("pk"))


def merchant_shop(merchant: Merchant, shop_id: int) -> Shop | None:
    """One of the merchant's shops, or None (another merchant's shop is not found)."""
    return Shop.objects.filter(pk=shop_id, merchant=merchant).first()


def merchant_shops(merchant: Merchant) -> list[Shop]:
    return list(Shop.objects.filter(merchant=merchant).order_by("pk"))


def merchants_for_operator(status: str | None, limit: int) -> list[Merchant]:
    """The newest merchants, of one status or all."""
    merchants = Merchant.objects.order_by("-pk")
    if status:
        merchants = merchants.filter(status=status)
    return list(merchants[:limit])


def merchant_get(merchant_id: int) -> Merchant | None:
    return Merchant.objects.filter(pk=merchant_id).first()
