"""The front door: pick a storefront, or go to the wallet, the till or the merchant portal."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tradelane.markets.selectors import market_list


def front_door(request: HttpRequest) -> HttpResponse:
    markets = [m for m in market_list() if m.is_active]
    return render(request, "web/front_door.html", {"markets": markets})
