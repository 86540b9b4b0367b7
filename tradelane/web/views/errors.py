"""The pages a shopper sees when something is missing or broken, with DEBUG off as on: in the
storefront's look and language (Chinese under /cn/ unless the shopper chose English), with a
way back. Never Django's technical pages, which list the site's URL patterns."""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import translation

from tradelane.core.errors import ApplicationError
from tradelane.markets.models import Market
from tradelane.markets.selectors import market_get
from tradelane.web.views.shop_common import CATEGORY_LABELS, CHINESE, page_language

logger = logging.getLogger(__name__)
STOREFRONT_MARKETS = frozenset({"cn", "au", "nz", "sg", "my"})  # as urls_storefront routes them


def _market_code(path: str) -> str:
    first = path.lstrip("/").split("/", 1)[0].lower()
    return first if first in STOREFRONT_MARKETS else ""


def _language_for(request: HttpRequest, market: Market | None, code: str) -> str:
    if market is not None:
        return page_language(request, market)
    return CHINESE if code == "cn" else "en"


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    code = _market_code(request.path)
    market: Market | None = None
    if code:
        try:
            market = market_get(code)
        except ApplicationError:
            market = None
    language = _language_for(request, market, code)
    context: dict[str, Any] = {"layout": "web/base.html"}
    if market is not None:
        context = {
            "layout": "web/storefront/layout.html",
            "market": market,
            "market_slug": code,
            "categories": list(CATEGORY_LABELS.items()),
        }
    with translation.override(language):
        request.LANGUAGE_CODE = language
        response = render(request, "404.html", context, status=404)
    response.headers["Content-Language"] = language
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request's context processors or the database, which may be what
    failed; the page's own words are in both languages' templates."""
    chinese = _market_code(request.path) == "cn"
    home = "/" + _market_code(request.path) + "/" if _market_code(request.path) else "/"
    try:
        body = loader.get_template("500.html").render({"chinese": chinese, "home": home})
    except Exception:  # the error page must not fail in turn
        logger.exception("the 500 page could not be rendered")
        body = "<h1>Server error</h1>"
    return HttpResponseServerError(body)
