"""Reads of what moves paid orders on, for pages and the API."""

from __future__ import annotations

from tradelane.accounts.models import Consumer
from tradelane.logistics.models import LogisticsPartner, ReturnRequest, Shipment
from tradelane.merchants.models import Merchant
from tradelane.orders.models import Order


def order_return(order: Order) -> ReturnRequest | None:
    """The order's return request, if the shopper has asked for one (one per order)."""
    return ReturnRequest.objects.filter(order=order).first()


def shipment_by_public_token(token: str) -> Shipment | None:
    """The parcel a label's QR code names, by its random public token (never by the waybill)."""
    rows = Shipment.objects.select_related("origin", "destination")
    return rows.filter(public_token=token).first()


def partner_shipment(waybill: str, partner: LogisticsPartner) -> Shipment | None:
    """A parcel the partner carries on one of its legs: partners see no other parcels."""
    return Shipment.objects.filter(pk=waybill, legs__partner=partner).first()


def consumer_shipment(order_number: str, consumer: Consumer) -> Shipment | None:
    return Shipment.objects.filter(order__number=order_number, order__consumer=consumer).first()


def merchant_shipment(waybill: str, merchant: Merchant) -> Shipment | None:
    return Shipment.objects.filter(pk=waybill, merchant=merchant).first()
