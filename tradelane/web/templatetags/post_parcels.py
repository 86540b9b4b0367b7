"""Template helpers for parcels carried by the national posts and their returns."""

from __future__ import annotations

from django import template

from tradelane.fulfilment.selectors import order_return
from tradelane.fulfilment.services.returns import return_offer
from tradelane.logistics.models import ReturnRequest
from tradelane.orders.models import Order

register = template.Library()


@register.filter
def return_refusal(order: Order) -> str:
    """Why the shopper cannot ask for a return now ("" when they can)."""
    return return_offer(order) or ""


@register.simple_tag
def return_of(order: Order) -> ReturnRequest | None:
    return order_return(order)
