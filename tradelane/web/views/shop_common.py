"""What every storefront page shares: the market from the URL, the page's language, the signed-in
consumer, and the labels of the catalog's codes in the page's language."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from tradelane.accounts.models import Consumer
from tradelane.core.errors import ApplicationError
from tradelane.markets.models import Market
from tradelane.markets.selectors import market_get
from tradelane.web.refusals import refusal_of

P = ParamSpec("P")
ShopView = Callable[Concatenate[HttpRequest, Market, P], HttpResponse]
MarketView = Callable[Concatenate[HttpRequest, str, P], HttpResponse]

CHINESE = "zh-hans"
SWITCHABLE = {"CN": (CHINESE, "en")}  # market -> (default, other) languages

MARKET_TIMEZONES = {
    "CN": "Asia/Shanghai",
    "AU": "Australia/Sydney",
    "NZ": "Pacific/Auckland",
    "SG": "Asia/Singapore",
    "MY": "Asia/Kuala_Lumpur",
}
CATEGORY_LABELS = {
    "food_beverage": _("Food and beverage"),
    "dairy": _("Dairy"),
    "meat_seafood": _("Meat and seafood"),
    "fresh_produce": _("Fresh fruit and vegetables"),
    "cosmetics": _("Cosmetics and skincare"),
    "mother_baby": _("Mother and baby"),
    "health_supplements": _("Health supplements"),
    "wine": _("Wine"),
}
TEMPERATURE_LABELS = {
    "ambient": _("Ambient"),
    "chilled": _("Chilled 0–4 °C"),
    "frozen": _("Frozen −18 °C"),
}
ORDER_STATUS_LABELS = {
    "awaiting_payment": _("Awaiting payment"),
    "paid": _("Paid"),
    "in_fulfilment": _("Being packed"),
    "shipped": _("Shipped"),
    "delivered": _("Delivered"),
    "completed": _("Completed"),
    "canceled": _("Canceled"),
    "expired": _("Expired"),
    "refunded": _("Refunded"),
    "return_requested": _("Return requested"),
    "return_in_transit": _("Return on its way back"),
}


def page_language(request: HttpRequest, market: Market) -> str:
    """China's storefront is Chinese unless the shopper chose English (the language cookie that
    /i18n/setlang/ sets); every other storefront is English."""
    choices = SWITCHABLE.get(market.code)
    if choices is None:
        return "en"
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in choices else choices[0]


def shop_page(view: ShopView[P]) -> MarketView[P]:
    """Resolve `<market>` (404 when not sold to) and activate the page's language."""

    @wraps(view)
    def wrapper(
        request: HttpRequest, market: str, *args: P.args, **kwargs: P.kwargs
    ) -> HttpResponse:
        try:
            found = market_get(market)
        except ApplicationError as missing:
            raise Http404(str(missing)) from missing
        language = page_language(request, found)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = view(request, found, *args, **kwargs)
        response.headers.setdefault("Content-Language", language)
        return response

    return wrapper


def consumer_page(view: ShopView[P]) -> MarketView[P]:
    """A page for a signed-in shopper (sign-in first, then the market and language)."""
    return login_required(shop_page(view))


def consumer_of(request: HttpRequest) -> Consumer:
    consumer = getattr(request.user, "consumer", None)
    if consumer is None:
        raise Http404("not a shopper's account")
    return consumer


def shop_render(
    request: HttpRequest,
    market: Market,
    template: str,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    base = {
        "market": market,
        "market_slug": market.code.lower(),
        "market_tz": MARKET_TIMEZONES.get(market.code, "UTC"),
        "switch_language": _other_language(request, market),
        "categories": list(CATEGORY_LABELS.items()),
    }
    return render(request, f"web/storefront/{template}", {**base, **context}, status=status)


def refused(
    request: HttpRequest,
    market: Market,
    template: str,
    context: dict[str, Any],
    error: ApplicationError,
) -> HttpResponse:
    """A refused form: the reason in the page's language, status 422."""
    return shop_render(
        request, market, template, {**context, "refusal": refusal_of(error)}, status=422
    )


def _other_language(request: HttpRequest, market: Market) -> tuple[str, str] | None:
    choices = SWITCHABLE.get(market.code)
    if choices is None:
        return None
    current = page_language(request, market)
    other = choices[1] if current == choices[0] else choices[0]
    return other, ("English" if other == "en" else "中文")
