"""The shopper's orders and the tracking page: customs outcome, the parcel's journey and whether
its provenance chain holds (the same reads the tracking API and the public /p/ page use)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from tradelane.customs.selectors import declaration_of_order
from tradelane.fulfilment.services.tracking import chain_verification, journey, temperature_summary
from tradelane.logistics.models import Shipment, TrackingEvent
from tradelane.logistics.selectors import shipment_of_order
from tradelane.markets.models import Market
from tradelane.orders.selectors import consumer_orders, order_lines
from tradelane.orders.selectors import order_detail as order_lookup
from tradelane.web.views.shop_common import consumer_of, consumer_page, shop_render

ORDERS_SHOWN = 50


@dataclass(frozen=True)
class JourneyStep:
    at: datetime
    text: str
    location: str
    status: str
    hash: str


def _in_page_language(description: str) -> str:
    """Carrier scans are described "English / 中文": show the page's half."""
    if " / " not in description:
        return description
    english, chinese = description.split(" / ", 1)
    return chinese if (translation.get_language() or "").startswith("zh") else english


# Events the platform itself writes carry English descriptions; name them by kind instead.
KIND_LABELS = {
    "packed": _("Packed by the seller"),
    "customs": _("Customs update"),
    "temperature": _("Temperature reading"),
}


def _step(event: TrackingEvent) -> JourneyStep:
    if " / " in event.description or event.kind not in KIND_LABELS:
        text = _in_page_language(event.description) or event.kind
    else:
        text = str(KIND_LABELS[event.kind])
    return JourneyStep(event.occurred_at, text, event.location, event.status, event.hash)


@consumer_page
def order_list(request: HttpRequest, market: Market) -> HttpResponse:
    consumer = consumer_of(request)
    orders = consumer_orders(consumer.pk, market.code)
    return shop_render(
        request, market, "orders.html", {"orders": orders[:ORDERS_SHOWN], "active": "orders"}
    )


def _tracking(shipment: Shipment | None) -> dict[str, Any]:
    if shipment is None:
        return {"shipment": None}
    return {
        "shipment": shipment,
        "steps": [_step(e) for e in reversed(journey(shipment))],
        "chain_broken_at": chain_verification(shipment),
        "temperature": temperature_summary(shipment),
    }


@consumer_page
def order_detail(request: HttpRequest, market: Market, number: str) -> HttpResponse:
    consumer = consumer_of(request)
    order = order_lookup(number)
    if order is None or order.consumer_id != consumer.pk or order.market_id != market.code:
        raise Http404("no such order")
    context = {
        "order": order,
        "lines": order_lines(order),
        "declaration": declaration_of_order(order.pk),
        "active": "orders",
        **_tracking(shipment_of_order(order.pk)),
    }
    return shop_render(request, market, "order.html", context)
