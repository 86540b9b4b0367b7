"""Links between the storefront and the wallet for a signed-in shopper. Reads only: the header
must not open a wallet that the shopper never asked for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template

from tradelane.core.money import Money
from tradelane.payments.selectors import home_wallet, wallet_balance

register = template.Library()


@dataclass(frozen=True)
class ShopperLinks:
    store: str  # the shopper's market, as its storefront's path segment
    balance: Money | None  # their market's wallet, if they have opened one


@register.simple_tag(takes_context=True)
def shopper_links(context: Any) -> ShopperLinks | None:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    consumer = getattr(user, "consumer", None)
    if consumer is None:
        return None
    wallet = home_wallet(consumer.pk)
    balance = wallet_balance(wallet) if wallet is not None else None
    return ShopperLinks(store=consumer.market_id.lower(), balance=balance)
