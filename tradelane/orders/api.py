from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Schema, Status

from tradelane.accounts.auth import ConsumerAuth, current_consumer
from tradelane.accounts.models import Consumer
from tradelane.campaigns.selectors import campaign_prices_for
from tradelane.core.idempotency import respond_idempotently
from tradelane.core.schemas import MAX_ID, Id, Integer, MoneyOut, Offset, errors, page_limit
from tradelane.markets.selectors import market_get
from tradelane.merchants.auth import MerchantKeyAuth, current_merchant
from tradelane.orders import selectors
from tradelane.orders.errors import OrderNotFound
from tradelane.orders.models import Checkout, CheckoutQuote, Order
from tradelane.orders.services import cart_for, cart_set_line, checkout_place, checkout_quote
from tradelane.orders.snapshot import snapshot_of

router = Router(auth=ConsumerAuth())
merchant_orders_router = Router(auth=MerchantKeyAuth())


class CartLineIn(Schema):
    listing_id: Id
    quantity: Integer = Field(..., ge=0, le=99)


class CartLineOut(Schema):
    listing_id: int
    name: str
    quantity: int
    unit_price: MoneyOut


class CartOut(Schema):
    market: str
    lines: list[CartLineOut]


class QuoteLineOut(Schema):
    listing_id: int
    sku: str
    name: str
    quantity: int
    unit_price: MoneyOut
    list_price: MoneyOut
    campaign: str = ""
    voucher_discount: MoneyOut | None = None
    goods: MoneyOut
    shipping: MoneyOut
    tax: MoneyOut


class QuoteGroupOut(Schema):
    merchant_id: int
    merchant_name: str
    goods: MoneyOut
    shipping: MoneyOut
    tax: MoneyOut
    total: MoneyOut
    tax_regime: str
    tax_treatment: str
    transit_days: int
    settlement_currency: str
    fx_rate: str
    lines: list[QuoteLineOut]


class QuoteOut(Schema):
    id: UUID
    market: str
    currency: str
    goods: MoneyOut
    shipping: MoneyOut
    tax: MoneyOut
    total: MoneyOut
    expires_at: datetime
    groups: list[QuoteGroupOut]


class PlaceIn(Schema):
    quote_id: UUID
    address_id: Id


class OrderLineOut(Schema):
    sku: str
    name_en: str
    name_zh_hans: str
    quantity: int
    unit_price: MoneyOut
    tax: MoneyOut


class OrderOut(Schema):
    number: str
    status: str
    merchant: str
    market: str
    goods: MoneyOut
    shipping: MoneyOut
    tax: MoneyOut
    total: MoneyOut
    created_at: datetime
    expires_at: datetime
    lines: list[OrderLineOut] = []


class CheckoutOut(Schema):
    id: int
    status: str
    total: MoneyOut
    expires_at: datetime
    orders: list[OrderOut]


def _m(minor: int, currency: str) -> MoneyOut:
    return MoneyOut.minor(minor, currency)


def _quote_out(quote: CheckoutQuote) -> QuoteOut:
    s, c = snapshot_of(quote), quote.currency
    groups = [
        QuoteGroupOut(
            merchant_id=g["merchant_id"],
            merchant_name=g["merchant_name"],
            goods=_m(g["goods_minor"], c),
            shipping=_m(g["shipping_minor"], c),
            tax=_m(g["tax_minor"], c),
            total=_m(g["total_minor"], c),
            tax_regime=g["tax"]["regime"],
            tax_treatment=g["tax"]["treatment"],
            transit_days=g["transit_days"],
            settlement_currency=g["settlement_currency"],
            fx_rate=g["fx_rate"],
            lines=[
                QuoteLineOut(
                    listing_id=ln["listing_id"],
                    sku=ln["sku"],
                    name=ln["name"],
                    quantity=ln["quantity"],
                    unit_price=_m(ln["unit_price_minor"], c),
                    list_price=_m(ln.get("list_price_minor", ln["unit_price_minor"]), c),
                    campaign=ln.get("campaign_code", ""),
                    voucher_discount=_m(ln["voucher_discount_minor"], c)
                    if ln.get("voucher_discount_minor")
                    else None,
                    goods=_m(ln["goods_minor"], c),
                    shipping=_m(ln["shipping_minor"], c),
                    tax=_m(ln["tax_minor"], c),
                )
                for ln in g["lines"]
            ],
        )
        for g in s["groups"]
    ]
    return QuoteOut(
        id=quote.pk,
        market=quote.market_id,
        currency=c,
        goods=_m(s["goods_minor"], c),
        shipping=_m(s["shipping_minor"], c),
        tax=_m(s["tax_minor"], c),
        total=_m(s["total_minor"], c),
        expires_at=quote.expires_at,
        groups=groups,
    )


def order_out(order: Order, with_lines: bool = True) -> OrderOut:
    c = order.currency
    lines = (
        [
            OrderLineOut(
                sku=ln.sku,
                name_en=ln.name_en,
                name_zh_hans=ln.name_zh_hans,
                quantity=ln.quantity,
                unit_price=_m(ln.unit_price_minor, c),
                tax=_m(ln.tax_minor, c),
            )
            for ln in selectors.order_lines(order)
        ]
        if with_lines
        else []
    )
    return OrderOut(
        number=order.number,
        status=order.status,
        merchant=order.merchant.trading_name,
        market=order.market_id,
        goods=_m(order.goods_minor, c),
        shipping=_m(order.shipping_minor, c),
        tax=_m(order.tax_minor, c),
        total=_m(order.total_minor, c),
        created_at=order.created_at,
        expires_at=order.expires_at,
        lines=lines,
    )


def _checkout_out(checkout: Checkout) -> CheckoutOut:
    orders = selectors.checkout_orders_with_lines(checkout)
    return CheckoutOut(
        id=checkout.pk,
        status=checkout.status,
        total=_m(checkout.total_minor, checkout.currency),
        expires_at=checkout.expires_at,
        orders=[order_out(o) for o in orders],
    )


def _consumer(request: HttpRequest) -> Consumer:
    return current_consumer(request)


def _cart_out(consumer: Consumer, market: str) -> CartOut:
    cart = cart_for(consumer, market)
    lines = selectors.cart_lines(cart.pk)
    # what the quote will charge: a campaign price while one runs
    prices = campaign_prices_for([ln.listing for ln in lines], cart.market_id)
    lines_out = [
        CartLineOut(
            listing_id=ln.listing_id,
            name=ln.listing.product.name_in(consumer.locale),
            quantity=ln.quantity,
            unit_price=_m(
                prices[ln.listing_id].price_minor
                if ln.listing_id in prices
                else ln.listing.price_minor,
                ln.listing.currency,
            ),
        )
        for ln in lines
    ]
    return CartOut(market=cart.market_id, lines=lines_out)


@router.get("/cart/{market}", response={200: CartOut, **errors(401, 404)})
def get_cart(request: HttpRequest, market: str) -> CartOut:
    return _cart_out(_consumer(request), market)


@router.put("/cart/{market}/lines", response={200: CartOut, **errors(401, 404, 422)})
def put_cart_line(request: HttpRequest, market: str, payload: CartLineIn) -> CartOut:
    consumer = _consumer(request)
    cart_set_line(
        consumer=consumer,
        market_code=market,
        listing_id=payload.listing_id,
        quantity=payload.quantity,
    )
    return _cart_out(consumer, market)


@router.post(
    "/checkout/{market}/quote", response={201: QuoteOut, **errors(401, 404, 409, 422, 429)}
)
def quote(
    request: HttpRequest,
    market: str,
    address_id: int | None = Query(
        None,
        ge=1,
        le=MAX_ID,
        description="price delivery to this address (default: the default one)",
    ),
    voucher: str | None = Query(
        None, min_length=1, max_length=40, description="a voucher code to apply"
    ),
) -> Status[QuoteOut]:
    quoted = checkout_quote(
        consumer=_consumer(request),
        market=market_get(market),
        address_id=address_id,
        voucher_code=voucher,
    )
    return Status(201, _quote_out(quoted))


@router.post("/checkout/place", response={201: CheckoutOut, **errors(401, 404, 409, 422)})
def place(
    request: HttpRequest,
    payload: PlaceIn,
    idempotency_key: str = Header(..., alias="Idempotency-Key", min_length=1, max_length=255),
) -> HttpResponse:
    consumer = _consumer(request)

    def act() -> tuple[int, Any]:
        checkout = checkout_place(
            consumer=consumer, quote_id=payload.quote_id, address_id=payload.address_id
        )
        return 201, _checkout_out(checkout)

    return respond_idempotently(
        request, scope=f"consumer:{consumer.pk}", key=idempotency_key, action=act
    )


@router.get("/orders", response={200: list[OrderOut], **errors(401)})
def my_orders(
    request: HttpRequest, limit: int = page_limit(20, 100), offset: Offset = 0
) -> list[OrderOut]:
    orders = selectors.consumer_orders(_consumer(request).pk)
    return [order_out(o, with_lines=False) for o in orders[offset : offset + limit]]


@router.get("/orders/{number}", response={200: OrderOut, **errors(401, 404)})
def my_order(request: HttpRequest, number: str) -> OrderOut:
    order = selectors.order_detail(number)
    if order is None or order.consumer_id != _consumer(request).pk:
        raise OrderNotFound(_("No such order."))
    return order_out(order)


@merchant_orders_router.get("/orders", response={200: list[OrderOut], **errors(401)})
def merchant_orders(
    request: HttpRequest, status: str = "", limit: int = page_limit(50, 200), offset: Offset = 0
) -> list[OrderOut]:
    orders = selectors.merchant_orders_with_lines(
        current_merchant(request).pk, status, offset=offset, limit=limit
    )
    return [order_out(o) for o in orders]
