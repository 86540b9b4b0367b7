from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from tradelane.core import clock
from tradelane.core.schemas import errors
from tradelane.markets.models import FxQuote, Market
from tradelane.markets.selectors import fx_mid_rate, market_get, market_list
from tradelane.markets.services import fx_quote_lock

router = Router()


class MarketOut(Schema):
    code: str
    name_en: str
    name_zh_hans: str
    currency: str
    language: str
    import_regime: str


class RateOut(Schema):
    base: str
    quote: str
    rate: Decimal
    source: str
    as_of: datetime


class FxQuoteIn(Schema):
    base: str = Field(..., pattern="^[A-Za-z]{3}$")
    quote: str = Field(..., pattern="^[A-Za-z]{3}$")


class FxQuoteOut(Schema):
    id: int
    base: str
    quote: str
    mid_rate: Decimal
    spread_bps: int
    rate: Decimal
    source: str
    rate_as_of: datetime
    expires_at: datetime


@router.get("", response={200: list[MarketOut], **errors()}, auth=None)
def list_markets(request: HttpRequest) -> list[Market]:
    return market_list()


@router.get("/fx/rates/{base}/{quote}", response={200: RateOut, **errors(422)}, auth=None)
def fx_rate(request: HttpRequest, base: str, quote: str) -> RateOut:
    mid = fx_mid_rate(base.upper(), quote.upper(), clock.now())
    return RateOut(
        base=mid.base, quote=mid.quote, rate=mid.rate, source=mid.source, as_of=mid.as_of
    )


@router.post("/fx/quotes", response={201: FxQuoteOut, **errors(422)}, auth=None)
def lock_fx_quote(request: HttpRequest, payload: FxQuoteIn) -> Status[FxQuote]:
    return Status(201, fx_quote_lock(base=payload.base.upper(), quote=payload.quote.upper()))


@router.get("/{code}", response={200: MarketOut, **errors(404)}, auth=None)
def get_market(request: HttpRequest, code: str) -> Market:
    return market_get(code)
