from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from tradelane.catalog.errors import VariantNotFound
from tradelane.catalog.selectors import variant_for_merchant
from tradelane.core.schemas import Id, Integer, Offset, errors, page_limit
from tradelane.inventory.models import StockItem
from tradelane.inventory.selectors import merchant_stock, stock_item
from tradelane.inventory.services import stock_set
from tradelane.merchants.auth import MerchantKeyAuth, current_merchant

router = Router(auth=MerchantKeyAuth())


class StockIn(Schema):
    variant_id: Id
    on_hand: Integer = Field(..., ge=0, le=10_000_000)
    location_code: str | None = Field(None, max_length=32)


class StockOut(Schema):
    variant_id: int
    sku: str
    location: str
    on_hand: int
    reserved: int
    available: int
    updated_at: datetime

    @staticmethod
    def resolve_sku(obj: StockItem) -> str:
        return obj.variant.sku

    @staticmethod
    def resolve_location(obj: StockItem) -> str:
        return obj.location.code


@router.get("/stock", response={200: list[StockOut], **errors(401)})
def list_stock(
    request: HttpRequest, limit: int = page_limit(100, 500), offset: Offset = 0
) -> list[StockItem]:
    return merchant_stock(current_merchant(request).pk, limit=limit, offset=offset)


@router.put("/stock", response={200: StockOut, **errors(401, 404, 422)})
def set_stock(request: HttpRequest, payload: StockIn) -> StockItem:
    merchant = current_merchant(request)
    variant = variant_for_merchant(merchant.pk, payload.variant_id)
    if variant is None:
        raise VariantNotFound(_("No such variant."))
    item = stock_set(
        merchant=merchant,
        variant=variant,
        on_hand=payload.on_hand,
        location_code=payload.location_code,
    )
    return stock_item(item.pk)
