"""Reads of the customs room for pages: a buyer's identity on file, an order's declaration."""

from __future__ import annotations

from tradelane.accounts.models import Consumer
from tradelane.customs.models import BuyerIdentity, Declaration


def identity_of(consumer: Consumer) -> BuyerIdentity | None:
    return BuyerIdentity.objects.filter(consumer=consumer).first()


def declaration_of_order(order_id: int) -> Declaration | None:
    return Declaration.objects.filter(order_id=order_id).first()
