"""Quote and place: the landed price per merchant, then stock and orders in one transaction."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from tradelane.accounts.errors import AddressNotFound
from tradelane.accounts.models import Address, Consumer
from tradelane.accounts.selectors import addresses_of, default_province
from tradelane.campaigns.checkout import LinePrice, flash_claims_convert, line_prices
from tradelane.campaigns.selectors import listing_facts
from tradelane.campaigns.vouchers import (
    VoucherApplied,
    VoucherLineIn,
    voucher_apply,
    voucher_redeem,
)
from tradelane.catalog.selectors import listing_is_visible
from tradelane.core import clock
from tradelane.core.money import Money
from tradelane.customs.checkout_checks import CnCheck, cn_checkout_check, export_permit_check
from tradelane.customs.errors import customs_refusal
from tradelane.customs.models import BuyerIdentity
from tradelane.inventory.models import Reservation
from tradelane.inventory.services import (
    ReservationRequest,
    bonded_items,
    stock_candidates,
    stock_reserve,
)
from tradelane.markets.models import FxQuote, Market
from tradelane.markets.services import fx_quote_lock
from tradelane.orders import rules
from tradelane.orders.errors import (
    AddressMismatch,
    CartChanged,
    CartEmpty,
    ListingUnavailable,
    QuoteExpired,
    QuoteNotFound,
    QuoteUsed,
)
from tradelane.orders.models import (
    CartLine,
    Checkout,
    CheckoutQuote,
    CheckoutStatus,
    Order,
    OrderLine,
    OrderStatusChange,
)
from tradelane.orders.pricing import priced_item, tax_function
from tradelane.orders.services import shipping
from tradelane.orders.snapshot import (
    GroupSnapshot,
    LineSnapshot,
    QuoteSnapshot,
    quote_to_snapshot,
    snapshot_of,
)


def _priced_items(
    cart_lines: list[CartLine],
    language: str,
    prices: dict[int, LinePrice],
    discounts: dict[int, int] | None = None,
) -> list[rules.PricedItem]:
    """Lines at the price of the moment (a campaign's or a held flash price, see
    `campaigns.checkout.line_prices`), less any voucher share."""
    items = []
    for line in cart_lines:
        listing = line.listing
        price, off = prices[listing.pk], (discounts or {}).get(listing.pk)
        items.append(
            priced_item(
                product=listing.product,
                variant=listing.variant,
                merchant=listing.merchant,
                unit_price=Money.from_minor(price.unit_price_minor, listing.currency),
                quantity=line.quantity,
                language=language,
                listing_id=listing.pk,
                list_price=Money.from_minor(price.list_price_minor, listing.currency),
                campaign_code=price.campaign_code,
                flash_claim_ids=price.flash_claim_ids,
                voucher_discount=Money.from_minor(off, listing.currency) if off else None,
            )
        )
    return items


def _campaign_items(
    consumer: Consumer, market: Market, lines: list[CartLine], voucher_code: str | None
) -> tuple[list[rules.PricedItem], VoucherApplied | None]:
    """Price the lines for this moment's campaigns; a voucher code lowers the eligible goods."""
    prices = line_prices(
        consumer_id=consumer.pk,
        listings=[ln.listing for ln in lines],
        quantities={ln.listing_id: ln.quantity for ln in lines},
        market_code=market.code,
    )
    items = _priced_items(lines, consumer.locale, prices)
    if not voucher_code:
        return items, None
    applied = voucher_apply(
        code=voucher_code,
        consumer_id=consumer.pk,
        market_code=market.code,
        currency=market.currency,
        lines=[
            VoucherLineIn(
                item.listing_id, item.merchant_id, item.goods.minor, listing_facts(ln.listing)
            )
            for item, ln in zip(items, lines, strict=True)
        ],
    )
    return _priced_items(lines, consumer.locale, prices, applied.discounts), applied


_CART_JOINS = ("listing__variant", "listing__product", "listing__merchant")


def _visible_cart_lines(consumer: Consumer, market: Market) -> list[CartLine]:
    lines = list(
        CartLine.objects.filter(cart__consumer=consumer, cart__market=market)
        .select_related(*_CART_JOINS)
        .order_by("pk")
    )
    gone = [ln.listing_id for ln in lines if not listing_is_visible(ln.listing, market.code)]
    if gone:
        raise ListingUnavailable(
            _("Some items in your cart are no longer available; remove them to continue."),
            extra={"listing_ids": gone},
        )
    return lines


def _cart_lines(consumer: Consumer, market: Market) -> list[CartLine]:
    lines = _visible_cart_lines(consumer, market)
    if not lines:
        raise CartEmpty(_("Your cart is empty."))
    return lines


def _delivery_province(consumer: Consumer, market: Market, address_id: int | None) -> str:
    if address_id is None:
        return default_province(consumer, market.code)
    address = addresses_of(consumer, market.code).filter(pk=address_id).first()
    if address is None:
        raise AddressNotFound(_("No such address."), fields={"address_id": []})
    return address.province


@transaction.atomic
def checkout_quote(
    *,
    consumer: Consumer,
    market: Market,
    address_id: int | None = None,
    voucher_code: str | None = None,
) -> CheckoutQuote:
    """Price the cart, delivered to `address_id` (default: the buyer's default address)."""
    lines = _cart_lines(consumer, market)
    items, voucher = _campaign_items(consumer, market, lines, voucher_code)
    cn = cn_checkout_check(consumer=consumer, items=items) if market.code == "CN" else None
    province = _delivery_province(consumer, market, address_id)
    export_permit_check(items=items, market_code=market.code, language=consumer.locale)
    quote = rules.quote_cart(
        items,
        currency=market.currency,
        shipping_for=shipping.shipping_function(market, province=province, cn=cn),
        tax_for=tax_function(
            market, consumer.locale, annual_used=cn.annual_used if cn else None, running=True
        ),
    )
    fx_quotes = {
        currency: fx_quote_lock(base=market.currency, quote=currency)
        for currency in sorted({g.settlement_currency for g in quote.groups})
    }
    now = clock.now()
    ttl = timedelta(seconds=settings.TRADELANE["CHECKOUT_QUOTE_TTL_SECONDS"])
    expires_at = min([now + ttl, *(q.expires_at for q in fx_quotes.values())])
    return CheckoutQuote.objects.create(
        consumer=consumer,
        market=market,
        currency=market.currency,
        cart_fingerprint=rules.cart_fingerprint([(ln.listing_id, ln.quantity) for ln in lines]),
        snapshot=_with_voucher(
            _with_cn(quote_to_snapshot(quote, fx_quotes), cn, province), voucher
        ),
        total_minor=quote.total.minor,
        created_at=now,
        expires_at=expires_at,
    )


def _with_cn(snapshot: QuoteSnapshot, cn: CnCheck | None, province: str) -> QuoteSnapshot:
    if cn is not None:
        snapshot["cn"] = {"bonded_required": sorted(cn.bonded_required), "province": province}
    return snapshot


def _with_voucher(snapshot: QuoteSnapshot, voucher: VoucherApplied | None) -> QuoteSnapshot:
    if voucher is not None:
        snapshot["voucher"] = {
            "id": voucher.voucher_id,
            "code": voucher.code,
            "discount_minor": voucher.total_minor,
        }
    return snapshot


def _campaigns_place(consumer: Consumer, snapshot: QuoteSnapshot, orders: list[Order]) -> None:
    """Inside the place's transaction: held flash units become the orders', the voucher use is
    counted; either refusal rolls the whole place back."""
    for order, group in zip(orders, snapshot["groups"], strict=True):
        claim_ids = [c for ln in group["lines"] for c in ln.get("flash_claim_ids", ())]
        flash_claims_convert(
            consumer_id=consumer.pk,
            claim_ids=claim_ids,
            order_number=order.number,
            identity_index=(order.buyer_identity or {}).get("number_index"),
        )
    voucher = snapshot.get("voucher")
    if voucher:
        discounted = [
            order.number
            for order, group in zip(orders, snapshot["groups"], strict=True)
            if any(ln.get("voucher_discount_minor") for ln in group["lines"])
        ]
        voucher_redeem(
            voucher_id=voucher["id"],
            consumer_id=consumer.pk,
            order_numbers=discounted,
            discount_minor=voucher["discount_minor"],
            currency=snapshot["currency"],
        )


def _identity_snapshot(consumer: Consumer) -> dict[str, Any]:
    """The buyer's identity as at checkout: the order's declaration and quota use it."""
    identity = BuyerIdentity.objects.filter(consumer=consumer).first()
    if identity is None:
        raise customs_refusal("identity_required", language=consumer.locale)
    return {
        "identity_id": identity.pk,
        "version": identity.updated_at.isoformat(),
        "number_index": identity.number_index,
        "name_encrypted": identity.name_encrypted,
        "number_encrypted": identity.number_encrypted,
        "name_masked": identity.name_masked,
        "number_masked": identity.number_masked,
    }


def _claim_quote(consumer: Consumer, quote_id: Any) -> CheckoutQuote:
    quote = (
        CheckoutQuote.objects.select_related("market")
        .filter(pk=quote_id, consumer=consumer)
        .first()
    )
    if quote is None:
        raise QuoteNotFound(_("No such quote."))
    now = clock.now()
    if quote.expires_at <= now:
        raise QuoteExpired(_("This price quote has expired; ask for a new quote."))
    claimed = CheckoutQuote.objects.filter(pk=quote.pk, used_at__isnull=True).update(used_at=now)
    if not claimed:
        raise QuoteUsed(_("This quote has already been used to place an order."))
    return quote


def _check_cart_unchanged(consumer: Consumer, quote: CheckoutQuote) -> list[CartLine]:
    lines = _visible_cart_lines(consumer, quote.market)
    current = rules.cart_fingerprint([(ln.listing_id, ln.quantity) for ln in lines])
    if current != quote.cart_fingerprint:
        raise CartChanged(_("Your cart changed after this quote; ask for a new quote."))
    return lines


def _address_snapshot(consumer: Consumer, address_id: int, market: Market) -> dict[str, Any]:
    address = Address.objects.filter(consumer=consumer, pk=address_id).first()
    if address is None:
        raise AddressNotFound(_("No such address."), fields={"address_id": []})
    if address.country != market.code:
        raise AddressMismatch(
            _("Deliveries for this market go to an address in %(c)s.") % {"c": market.code},
            fields={"address_id": []},
        )
    return {
        "recipient": address.recipient,
        "phone": address.phone,
        "country": address.country,
        "province": address.province,
        "city": address.city,
        "district": address.district,
        "line1": address.line1,
        "postcode": address.postcode,
    }


@transaction.atomic
def checkout_place(*, consumer: Consumer, quote_id: Any, address_id: int) -> Checkout:
    """Reserve stock and create one order per merchant, all or nothing."""
    quote = _claim_quote(consumer, quote_id)
    cart_lines = _check_cart_unchanged(consumer, quote)
    address = _address_snapshot(consumer, address_id, quote.market)
    snapshot, now = snapshot_of(quote), clock.now()
    priced_for = snapshot["cn"]["province"] if "cn" in snapshot else None
    if priced_for and address["province"] != priced_for:
        raise AddressMismatch(
            _(
                "This quote's shipping was priced for delivery to %(p)s; ask for a quote for this address."
            )
            % {"p": priced_for},
            code="quote_for_another_address",
            fields={"address_id": []},
        )
    expires_at = now + timedelta(seconds=settings.TRADELANE["ORDER_PAYMENT_TTL_SECONDS"])
    checkout = Checkout.objects.create(
        consumer=consumer,
        market=quote.market,
        quote=quote,
        currency=quote.currency,
        goods_minor=snapshot["goods_minor"],
        shipping_minor=snapshot["shipping_minor"],
        tax_minor=snapshot["tax_minor"],
        total_minor=snapshot["total_minor"],
        created_at=now,
        expires_at=expires_at,
    )
    cn = snapshot.get("cn")
    identity = _identity_snapshot(consumer) if cn is not None else None
    orders = Order.objects.bulk_create(
        [
            _order(checkout, group, address, now, expires_at, identity)
            for group in snapshot["groups"]
        ]
    )
    order_lines, history = [], []
    candidates = stock_candidates(
        [ln.listing.variant_id for ln in cart_lines],
        quote.market_id,
        bonded_only=frozenset(cn["bonded_required"]) if cn else frozenset(),
    )
    for order, group in zip(orders, snapshot["groups"], strict=True):
        reservations = stock_reserve(
            merchant_id=order.merchant_id,
            market_code=quote.market_id,
            requests=[
                ReservationRequest(ln["variant_id"], ln["quantity"], ln["name"])
                for ln in group["lines"]
            ],
            reference=order.number,
            expires_at=expires_at,
            candidates=candidates,
        )
        order_lines += [
            _order_line(order, ln, r.pk) for ln, r in zip(group["lines"], reservations, strict=True)
        ]
        history.append(
            OrderStatusChange(
                order=order,
                from_status="",
                to_status=order.status,
                actor=f"consumer:{consumer.pk}",
                reason="placed",
                at=now,
            )
        )
    OrderLine.objects.bulk_create(order_lines)
    OrderStatusChange.objects.bulk_create(history)
    _campaigns_place(consumer, snapshot, orders)
    if cn is not None:
        _set_customs_modes(orders, order_lines, quote.market_id)
    CartLine.objects.filter(pk__in=[ln.pk for ln in cart_lines]).delete()
    return checkout


def _set_customs_modes(orders: list[Order], lines: list[OrderLine], market_code: str) -> None:
    """1210 when every line of an order was reserved in a bonded warehouse in China, else 9610."""
    items = dict(
        Reservation.objects.filter(pk__in=[ln.reservation_id for ln in lines]).values_list(
            "pk", "stock_item_id"
        )
    )
    bonded = bonded_items(list(items.values()), market_code)
    for order in orders:
        mine = [items[ln.reservation_id] for ln in lines if ln.order is order]
        order.customs_mode = "1210" if mine and all(i in bonded for i in mine) else "9610"
    Order.objects.bulk_update(orders, ["customs_mode"])


def _order(
    checkout: Checkout,
    group: GroupSnapshot,
    address: dict[str, Any],
    now: Any,
    expires_at: Any,
    identity: dict[str, Any] | None,
) -> Order:
    return Order(
        number=rules.order_number(now.date()),
        checkout=checkout,
        consumer_id=checkout.consumer_id,
        merchant_id=group["merchant_id"],
        market_id=checkout.market_id,
        currency=checkout.currency,
        goods_minor=group["goods_minor"],
        shipping_minor=group["shipping_minor"],
        tax_minor=group["tax_minor"],
        total_minor=group["total_minor"],
        settlement_currency=group["settlement_currency"],
        fx_quote=FxQuote(pk=group["fx_quote_id"]),
        tax_detail=group["tax"],
        shipping_address=address,
        buyer_identity=identity,
        created_at=now,
        updated_at=now,
        expires_at=expires_at,
    )


def _order_line(order: Order, line: LineSnapshot, reservation_id: int) -> OrderLine:
    return OrderLine(
        order=order,
        merchant_id=order.merchant_id,
        listing_id=line["listing_id"],
        variant_id=line["variant_id"],
        reservation_id=reservation_id,
        sku=line["sku"],
        name_en=line["name_en"],
        name_zh_hans=line["name_zh_hans"],
        hs_code=line["hs_code"],
        quantity=line["quantity"],
        unit_price_minor=line["unit_price_minor"],
        goods_minor=line["goods_minor"],
        shipping_minor=line["shipping_minor"],
        tax_minor=line["tax_minor"],
    )


def checkout_mark_paid(checkout_id: int) -> None:
    """Payments captured the whole checkout: its orders are paid, so it no longer awaits
    payment. Called inside the capture's transaction."""
    Checkout.objects.filter(pk=checkout_id).update(status=CheckoutStatus.PAID)
