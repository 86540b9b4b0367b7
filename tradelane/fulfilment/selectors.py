"""Reads of what moves paid orders on, for pages and the API."""

from __future__ import annotations

from tradelane.logistics.models import ReturnRequest, Shipment
from tradelane.orders.models import Order


def order_return(order: Order) -> ReturnRequest | None:
    """The order's return request, if the shopper has asked for one (one per order)."""
    return ReturnRequest.objects.filter(order=order).first()


def shipment_by_public_token(token: str) -> Shipment | None:
    """The parcel a label's QR code names, by its random public token (never by the waybill)."""
    rows = Shipment.objects.select_related("origin", "destination")
    return rows.filter(public_token=token).first()
