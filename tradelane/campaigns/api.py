"""Campaign endpoints: flash-sale claims (consumers), the public flash-sale and campaign views,
opt-in (merchants), campaigns from templates and their status (operators)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Header, Router, Schema, Status

from tradelane.accounts.auth import ConsumerAuth, OperatorAuth, current_consumer, current_user
from tradelane.campaigns import selectors, services
from tradelane.campaigns.errors import CampaignNotFound, FlashSaleNotFound
from tradelane.campaigns.models import Campaign, FlashSale, FlashSaleClaim
from tradelane.core.errors import ApplicationError
from tradelane.core.idempotency import Store, answered_before, respond_idempotently_storing
from tradelane.core.schemas import Integer, MoneyOut, PathId, errors
from tradelane.merchants.auth import MerchantKeyAuth, current_merchant

consumer_router = Router(auth=ConsumerAuth())
public_router = Router(auth=None)
merchant_router = Router(auth=MerchantKeyAuth())
operator_router = Router(auth=OperatorAuth())


class ClaimIn(Schema):
    quantity: Integer = Field(1, ge=1, le=99)


class ClaimOut(Schema):
    claim_id: int
    flash_sale_id: int
    quantity: int
    price: MoneyOut
    expires_at: datetime


class FlashSaleOut(Schema):
    id: int
    campaign: str
    listing_id: int
    price: MoneyOut
    units: int
    sold: int
    remaining: int
    per_buyer_limit: int
    starts_at: datetime
    ends_at: datetime


class CampaignOut(Schema):
    code: str
    name_en: str
    name_zh_hans: str
    headline_en: str
    headline_zh_hans: str
    status: str
    starts_at: datetime
    ends_at: datetime
    markets: list[str]
    temperature_classes: list[str]
    origin_countries: list[str]
    discount_kind: str
    percent_off: str


class FromTemplateIn(Schema):
    template: str = Field(..., min_length=1, max_length=40, examples=["fresh-food-week"])
    year: Integer = Field(..., ge=2000, le=2100)


class StatusIn(Schema):
    status: str = Field(..., min_length=1, max_length=10, examples=["scheduled"])


class OptInOut(Schema):
    campaign: str
    merchant_id: int
    opted_in_at: datetime
    opted_in_by: str


def _claim_out(claim: FlashSaleClaim) -> ClaimOut:
    return ClaimOut(
        claim_id=claim.pk,
        flash_sale_id=claim.flash_sale_id,
        quantity=claim.quantity,
        price=MoneyOut.minor(claim.price_minor, claim.flash_sale.currency),
        expires_at=claim.expires_at,
    )


def _flash_sale_out(sale: FlashSale) -> FlashSaleOut:
    return FlashSaleOut(
        id=sale.pk,
        campaign=sale.campaign.code,
        listing_id=sale.listing_id,
        price=MoneyOut.minor(sale.price_minor, sale.currency),
        units=sale.units,
        sold=sale.sold,
        remaining=sale.units - sale.sold,
        per_buyer_limit=sale.per_buyer_limit,
        starts_at=sale.starts_at,
        ends_at=sale.ends_at,
    )


def _campaign_out(c: Campaign) -> CampaignOut:
    return CampaignOut(
        code=c.code,
        name_en=c.name_en,
        name_zh_hans=c.name_zh_hans,
        headline_en=c.headline_en,
        headline_zh_hans=c.headline_zh_hans,
        status=c.status,
        starts_at=c.starts_at,
        ends_at=c.ends_at,
        markets=c.markets,
        temperature_classes=c.temperature_classes,
        origin_countries=c.origin_countries,
        discount_kind=c.discount_kind,
        percent_off=str(c.percent_off),
    )


@consumer_router.post(
    "/flash-sales/{flash_sale_id}/claims", response={201: ClaimOut, **errors(401, 404, 409)}
)
def claim(
    request: HttpRequest,
    flash_sale_id: PathId,
    payload: ClaimIn,
    idempotency_key: str = Header(..., alias="Idempotency-Key", min_length=1, max_length=255),
) -> HttpResponse:
    """Hold units at the flash price for a few minutes; checkout then charges that price.
    409 `sold_out`; 422 `per_buyer_limit_reached`, `not_started`, `ended`."""
    consumer = current_consumer(request)
    scope = f"consumer:{consumer.pk}"
    try:
        sale = services.flash_sale_claimable(flash_sale_id)
    except ApplicationError:
        # a refusal leaves no idempotency record, so answer it at once, unless this key was
        # answered before (a retry of a claim that won must get its 201 back)
        if not answered_before(scope, idempotency_key):
            raise
        sale = None

    def act(store: Store) -> tuple[int, Any]:
        held = services.flash_sale_claim(
            flash_sale_id=flash_sale_id,
            consumer=consumer,
            quantity=payload.quantity,
            sale=sale,
            before_units=lambda claim: store(201, _claim_out(claim)),
        )
        return 201, _claim_out(held)

    return respond_idempotently_storing(request, scope=scope, key=idempotency_key, action=act)


@public_router.get("/flash-sales/{flash_sale_id}", response={200: FlashSaleOut, **errors(404)})
def flash_sale(request: HttpRequest, flash_sale_id: PathId) -> FlashSaleOut:
    sale = selectors.flash_sale_get(flash_sale_id)
    if sale is None:
        raise FlashSaleNotFound(_("No such flash sale."))
    return _flash_sale_out(sale)


@public_router.get("/campaigns/current/{market}", response={200: CampaignOut, **errors(404)})
def current(request: HttpRequest, market: str) -> CampaignOut:
    found = selectors.current_campaign(market.upper())
    if found is None:
        raise CampaignNotFound(_("No campaign runs in this market now."))
    return _campaign_out(found)


@merchant_router.post("/campaigns/{code}/opt-in", response={201: OptInOut, **errors(401, 404, 422)})
def opt_in(request: HttpRequest, code: str) -> Status[OptInOut]:
    merchant = current_merchant(request)
    joined = services.campaign_opt_in(code=code, merchant=merchant, actor=f"merchant:{merchant.pk}")
    return Status(
        201,
        OptInOut(
            campaign=code,
            merchant_id=joined.merchant_id,
            opted_in_at=joined.opted_in_at,
            opted_in_by=joined.opted_in_by,
        ),
    )


@operator_router.post(
    "/campaigns/from-template", response={201: CampaignOut, **errors(401, 404, 409)}
)
def from_template(request: HttpRequest, payload: FromTemplateIn) -> Status[CampaignOut]:
    made = services.campaign_from_template(payload.template, year=payload.year)
    return Status(201, _campaign_out(made))


@operator_router.post(
    "/campaigns/{code}/status", response={200: CampaignOut, **errors(401, 404, 409)}
)
def set_status(request: HttpRequest, code: str, payload: StatusIn) -> CampaignOut:
    found = selectors.campaign_by_code(code)
    if found is None:
        raise CampaignNotFound(_("No such campaign."))
    moved = services.campaign_set_status(
        campaign_id=found.pk, to_status=payload.status, actor=f"operator:{current_user(request).pk}"
    )
    return _campaign_out(moved)
