"""Storefront browsing: home, category, search and the product page with its landed price."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation

from tradelane.accounts.rules import CN_PROVINCES
from tradelane.catalog.models import Listing
from tradelane.catalog.selectors import (
    storefront_category_counts,
    storefront_fresh_shelf,
    storefront_listing,
    storefront_product,
    storefront_search,
    with_cover_images,
)
from tradelane.markets.models import Market
from tradelane.web.views.shop_campaigns import campaign_block, with_campaign_prices
from tradelane.web.views.shop_common import (
    CATEGORY_LABELS,
    shop_page,
    shop_render,
)
from tradelane.web.views.shop_pricing import (
    Destination,
    choose_province,
    destination_for,
    with_landed_prices,
)

PAGE_SIZE = 24
MAX_QUERY = 100
PROVINCE_CHOICES = {"CN": CN_PROVINCES}


def _priced(
    request: HttpRequest, market: Market, listings: list[Listing]
) -> tuple[list[Listing], Destination]:
    """Campaign prices first (checkout charges them), then the landed price of one unit each,
    delivered where this shopper's prices go, and the products' pictures: a constant number of
    queries for the page."""
    language = translation.get_language() or "en"
    destination = destination_for(request, market, language=language)
    priced = with_campaign_prices(listings, market.code)
    with_landed_prices(priced, market, language=language, destination=destination)
    with_cover_images([listing.product for listing in priced])
    return priced, destination


def _offset(request: HttpRequest) -> int:
    raw = request.GET.get("offset", "0")
    # isdigit() alone admits "²", which int() refuses
    return max(0, min(int(raw), 10_000)) if raw.isascii() and raw.isdigit() else 0


@shop_page
def home(request: HttpRequest, market: Market) -> HttpResponse:
    counts = storefront_category_counts(market.code)
    tiles = [
        (code, label, counts[code]) for code, label in CATEGORY_LABELS.items() if counts.get(code)
    ]
    campaign = campaign_block(market.code, translation.get_language() or "en")
    # the fresh shelf unless the campaign brings its own featured products
    needs_shelf = campaign is None or not campaign.listings
    shown = storefront_fresh_shelf(market.code) if needs_shelf else []
    if campaign is not None:
        shown = [*campaign.listings, *shown]
    destination = _priced(request, market, shown)[1]
    shelf = shown if needs_shelf else []
    return shop_render(
        request,
        market,
        "home.html",
        {"campaign": campaign, "shelf": shelf, "tiles": tiles, "destination": destination},
    )


def _results(request: HttpRequest, market: Market, query: str, category: str) -> dict[str, object]:
    offset = _offset(request)
    listings, total = storefront_search(
        market_code=market.code, query=query, category=category, limit=PAGE_SIZE, offset=offset
    )
    priced, destination = _priced(request, market, listings)
    return {
        "listings": priced,
        "destination": destination,
        "total": total,
        "offset": offset,
        "previous_offset": max(0, offset - PAGE_SIZE) if offset else None,
        "next_offset": offset + PAGE_SIZE if offset + PAGE_SIZE < total else None,
    }


@shop_page
def category(request: HttpRequest, market: Market, category: str) -> HttpResponse:
    label = CATEGORY_LABELS.get(category)
    if label is None:
        raise Http404("no such category")
    context = {
        "category": category,
        "category_label": label,
        **_results(request, market, "", category),
    }
    return shop_render(request, market, "category.html", context)


@shop_page
def search(request: HttpRequest, market: Market) -> HttpResponse:
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY]
    category = request.GET.get("category", "")
    if category not in CATEGORY_LABELS:
        category = ""
    context: dict[str, object] = {"query": query, "category": category, "total": None}
    if query or category:
        context.update(_results(request, market, query, category))
    template = "_results.html" if request.headers.get("HX-Request") else "search.html"
    return shop_render(request, market, template, context)


@shop_page
def product(request: HttpRequest, market: Market, listing_id: int) -> HttpResponse:
    listing = storefront_listing(market.code, listing_id)
    if listing is None:
        raise Http404("not sold in this market")
    if "province" in request.GET:
        choose_province(request, market, request.GET["province"])
    found = storefront_product(market_code=market.code, product_id=listing.product_id)
    siblings = found[1] if found else [listing]
    destination = _priced(request, market, [listing])[1]
    return shop_render(
        request,
        market,
        "product.html",
        {
            "listing": listing,
            "product": listing.product,
            "siblings": siblings,
            "preview": listing.landed,  # type: ignore[attr-defined]
            "destination": destination,
            "provinces": PROVINCE_CHOICES.get(market.code, ()),
        },
    )
