"""Reads of the accounts room: a shopper's addresses, default first, written once."""

from __future__ import annotations

from django.db.models import QuerySet

from tradelane.accounts.models import Address, Consumer


def addresses_of(consumer: Consumer, country: str | None = None) -> QuerySet[Address]:
    """The shopper's addresses (in one country if given), the default first, then oldest."""
    found = Address.objects.filter(consumer=consumer)
    if country is not None:
        found = found.filter(country=country)
    return found.order_by("-is_default", "pk")


def default_province(consumer: Consumer, country: str) -> str:
    """The province of the address an order there goes to unless another is chosen."""
    address = addresses_of(consumer, country).first()
    return address.province if address else ""
