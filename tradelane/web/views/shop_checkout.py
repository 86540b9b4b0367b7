"""Cart, identity, checkout and payment pages: parse the form, call the orders, customs and
payments services the REST API calls, render. A refused form answers 422 with the reason in the
page's language, and the service has changed nothing."""

from __future__ import annotations

import json
import uuid
from decimal import ROUND_CEILING, Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from tradelane.accounts.models import Consumer
from tradelane.accounts.selectors import addresses_of
from tradelane.accounts.services import address_add
from tradelane.campaigns.errors import VoucherRefused
from tradelane.campaigns.selectors import campaign_prices_for
from tradelane.core import clock
from tradelane.core.errors import ApplicationError
from tradelane.core.idempotency import fingerprint, run_idempotent
from tradelane.core.money import Money
from tradelane.customs.cart_limits import LimitWarning, SellerGoods, cbec_cart_warnings
from tradelane.customs.checkout_checks import annual_used
from tradelane.customs.config import CbecConfig, regime_in_force
from tradelane.customs.selectors import identity_of
from tradelane.customs.services.identity import identity_register
from tradelane.customs.services.quota import china_year
from tradelane.markets.models import Market
from tradelane.orders.models import CheckoutQuote
from tradelane.orders.selectors import cart_lines, checkout_orders, consumer_checkout
from tradelane.orders.services import cart_for, cart_set_line, checkout_place, checkout_quote
from tradelane.orders.snapshot import snapshot_of
from tradelane.payments.models import PaymentStatus, TopUpStatus
from tradelane.payments.selectors import wallet_available
from tradelane.payments.services.online import payment_confirm, payment_create
from tradelane.payments.services.wallets import WALLET_CURRENCIES, topup_create, wallet_for
from tradelane.web.refusals import refusal_of
from tradelane.web.views.shop_common import consumer_of, consumer_page, refused, shop_render
from tradelane.web.views.shop_forms import (
    AddressForm,
    CartLineForm,
    IdentityForm,
    PlaceForm,
    TopUpForm,
)


def _request_id() -> str:
    return uuid.uuid4().hex


# ---------------------------------------------------------------- cart


def _cart_context(consumer: Consumer, market: Market) -> dict[str, Any]:
    lines = cart_lines(cart_for(consumer, market.code).pk)
    prices = campaign_prices_for([ln.listing for ln in lines], market.code)
    for ln in lines:  # the cart shows what the quote will charge, campaign prices included
        ln.listing.campaign_price = prices.get(ln.listing_id)  # type: ignore[attr-defined]
    rows = [
        (ln, Money.from_minor(_unit_minor(ln.listing) * ln.quantity, ln.listing.currency))
        for ln in lines
    ]
    subtotal = sum((total for _ln, total in rows), Money.zero(market.currency))
    warnings = _limit_warnings(consumer, rows) if market.code == "CN" and rows else []
    return {"rows": rows, "subtotal": subtotal, "active": "cart", "limit_warnings": warnings}


def _limit_warnings(consumer: Consumer, rows: list[tuple[Any, Money]]) -> list[LimitWarning]:
    """The CBEC limits the checkout will apply, said in the cart while it can still change."""
    config = regime_in_force("cn_cbec", clock.today())
    assert isinstance(config, CbecConfig)
    by_seller: dict[int, list[tuple[Any, Money]]] = {}
    for line, total in rows:
        by_seller.setdefault(line.listing.merchant_id, []).append((line, total))
    sellers = [
        SellerGoods(
            seller=lines[0][0].listing.merchant.trading_name,
            goods=sum((total for _ln, total in lines), Money.zero(config.currency)),
            single_item=len(lines) == 1 and lines[0][0].quantity == 1,
        )
        for lines in by_seller.values()
    ]
    identity = identity_of(consumer)
    used = (
        annual_used(identity.number_index, china_year())
        if identity is not None
        else Money.zero(config.currency)
    )
    return cbec_cart_warnings(
        sellers,
        per_order_limit=Money.of(config.per_order_limit, config.currency),
        annual_limit=Money.of(config.annual_limit, config.currency),
        annual_used=used,
    )


def _unit_minor(listing: Any) -> int:
    campaign = getattr(listing, "campaign_price", None)
    return int(campaign.price_minor) if campaign is not None else int(listing.price_minor)


def _render_cart(
    request: HttpRequest, market: Market, consumer: Consumer, status: int = 200, **extra: Any
) -> HttpResponse:
    template = "_cart_lines.html" if request.headers.get("HX-Request") else "cart.html"
    context = {**_cart_context(consumer, market), **extra}
    return shop_render(request, market, template, context, status=status)


@consumer_page
def cart(request: HttpRequest, market: Market) -> HttpResponse:
    consumer = consumer_of(request)
    if request.method != "POST":
        return _render_cart(request, market, consumer)
    form = CartLineForm(request.POST)
    if not form.is_valid():
        return _render_cart(
            request, market, consumer, status=422, error=_("Enter a quantity between 0 and 99.")
        )
    try:
        cart_set_line(
            consumer=consumer,
            market_code=market.code,
            listing_id=form.cleaned_data["listing"],
            quantity=form.cleaned_data["quantity"],
        )
    except ApplicationError as error:
        return _render_cart(request, market, consumer, status=422, refusal=refusal_of(error))
    if request.headers.get("HX-Request"):
        return _render_cart(request, market, consumer)
    if request.POST.get("next") == "product":
        messages.success(request, _("Added to your cart."))
    return redirect("shop-cart", market.code.lower())


# ---------------------------------------------------------------- identity


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    ok = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if target and ok else fallback


@consumer_page
def identity(request: HttpRequest, market: Market) -> HttpResponse:
    consumer = consumer_of(request)
    current = identity_of(consumer)
    form = IdentityForm(request.POST or None)
    context = {"form": form, "current": current, "next": _safe_next(request, "")}
    if request.method != "POST":
        return shop_render(request, market, "identity.html", context)
    if not form.is_valid():
        return shop_render(request, market, "identity.html", context, status=422)
    try:
        identity_register(consumer=consumer, **form.cleaned_data)
    except ApplicationError as error:
        for name, problems in error.fields.items():
            for problem in problems:
                form.add_error(name if name in form.fields else None, str(problem))
        return refused(request, market, "identity.html", context, error)
    messages.success(request, _("Your identity is saved for customs."))
    return redirect(_safe_next(request, reverse("shop-checkout", args=[market.code.lower()])))


# ---------------------------------------------------------------- checkout


def _chosen_address(request: HttpRequest, addresses: list[Any]) -> Any:
    wanted = request.GET.get("address", "")
    for address in addresses:
        if str(address.pk) == wanted:
            return address
    return addresses[0] if addresses else None


def _quote_context(quote: CheckoutQuote) -> dict[str, Any]:
    snapshot, currency = snapshot_of(quote), quote.currency

    def m(minor: int) -> Money:
        return Money.from_minor(minor, currency)

    groups = [
        {
            "merchant": g["merchant_name"],
            "goods": m(g["goods_minor"]),
            "shipping": m(g["shipping_minor"]),
            "tax": m(g["tax_minor"]),
            "total": m(g["total_minor"]),
            "transit_days": g["transit_days"],
            "lines": [{**ln, "goods": m(ln["goods_minor"])} for ln in g["lines"]],
        }
        for g in snapshot["groups"]
    ]
    totals = {
        "goods": m(snapshot["goods_minor"]),
        "shipping": m(snapshot["shipping_minor"]),
        "tax": m(snapshot["tax_minor"]),
        "total": m(snapshot["total_minor"]),
    }
    return {"quote": quote, "groups": groups, "totals": totals}


@consumer_page
def checkout(request: HttpRequest, market: Market) -> HttpResponse:
    consumer = consumer_of(request)
    if request.method == "POST" and request.POST.get("action") == "address":
        return _add_address(request, market, consumer)
    if request.method == "POST":
        return _place(request, market, consumer)
    return _checkout_page(request, market, consumer)


def _checkout_page(
    request: HttpRequest,
    market: Market,
    consumer: Consumer,
    address_form: AddressForm | None = None,
    status: int = 200,
) -> HttpResponse:
    addresses = list(addresses_of(consumer, market.code))
    address = _chosen_address(request, addresses)
    context: dict[str, Any] = {
        "addresses": addresses,
        "address": address,
        "address_form": address_form or AddressForm(market_code=market.code),
        "active": "checkout",
    }
    if address is None:
        return shop_render(request, market, "checkout.html", context, status=status)
    voucher = request.GET.get("voucher", "").strip()[:40]
    context["voucher_code"] = voucher
    try:
        quote = _quote_with_voucher(consumer, market, address.pk, voucher, context)
    except ApplicationError as error:
        if error.code == "identity_required":
            target = reverse("shop-identity", args=[market.code.lower()])
            return redirect(f"{target}?next={request.path}")
        return refused(request, market, "checkout.html", context, error)
    context.update(_quote_context(quote))
    context["place_form"] = PlaceForm(
        initial={"quote": quote.pk, "address": address.pk, "request_id": _request_id()}
    )
    return shop_render(request, market, "checkout.html", context, status=status)


def _quote_with_voucher(
    consumer: Consumer, market: Market, address_id: int, voucher: str, context: dict[str, Any]
) -> CheckoutQuote:
    """A voucher the quote refuses is shown beside its field; the quote is then made without it."""
    if voucher:
        try:
            return checkout_quote(
                consumer=consumer, market=market, address_id=address_id, voucher_code=voucher
            )
        except VoucherRefused as refusal:
            context["voucher_refusal"] = refusal.message
    return checkout_quote(consumer=consumer, market=market, address_id=address_id)


def _add_address(request: HttpRequest, market: Market, consumer: Consumer) -> HttpResponse:
    form = AddressForm(request.POST, market_code=market.code)
    if not form.is_valid():
        return _checkout_page(request, market, consumer, address_form=form, status=422)
    try:
        address_add(consumer=consumer, country=market.code, is_default=True, **form.cleaned_data)
    except ApplicationError as error:
        for name, problems in error.fields.items():
            for problem in problems:
                form.add_error(name if name in form.fields else None, str(problem))
        return _checkout_page(request, market, consumer, address_form=form, status=422)
    return redirect("shop-checkout", market.code.lower())


def _place(request: HttpRequest, market: Market, consumer: Consumer) -> HttpResponse:
    form = PlaceForm(request.POST)
    if not form.is_valid():
        return _checkout_page(request, market, consumer, status=422)
    data = form.cleaned_data
    body = json.dumps({"quote": str(data["quote"]), "address": data["address"]}).encode()

    def act() -> tuple[int, Any]:
        placed = checkout_place(
            consumer=consumer, quote_id=data["quote"], address_id=data["address"]
        )
        return 201, {"checkout": placed.pk}

    try:
        _status, result = run_idempotent(
            scope=f"consumer:{consumer.pk}",
            key=data["request_id"],
            fingerprint=fingerprint("POST", request.path, body),
            action=act,
        )
    except ApplicationError as error:
        return refused(
            request, market, "checkout.html", {"active": "checkout", "placing": True}, error
        )
    return redirect("shop-pay", market.code.lower(), result["checkout"])


# ---------------------------------------------------------------- pay


def _shortfall(total: Money, available: Money) -> Decimal:
    short = (total - available).amount if available < total else Decimal(0)
    return short.to_integral_value(rounding=ROUND_CEILING)


def _pay_context(consumer: Consumer, checkout_id: int) -> dict[str, Any]:
    found = consumer_checkout(consumer, checkout_id)
    if found is None:
        raise Http404("no such checkout")
    total = Money.from_minor(found.total_minor, found.currency)
    if found.currency not in WALLET_CURRENCIES:  # no wallet here: the card is the way to pay
        return {
            "checkout": found,
            "orders": checkout_orders(found),
            "total": total,
            "wallet": False,
        }
    available = wallet_available(wallet_for(consumer, found.currency))
    short = _shortfall(total, available)
    return {
        "checkout": found,
        "orders": checkout_orders(found),
        "total": total,
        "wallet": True,
        "available": available,
        "short": short,
        "missing": total - available if available < total else None,
        "topup_form": TopUpForm(
            initial={"amount": short, "card": "4242", "request_id": _request_id()}
        ),
    }


@consumer_page
def pay(request: HttpRequest, market: Market, checkout_id: int) -> HttpResponse:
    consumer = consumer_of(request)
    context = _pay_context(consumer, checkout_id)
    if context["checkout"].status != "awaiting_payment":
        return redirect("shop-orders", market.code.lower())
    if request.method != "POST":
        return shop_render(request, market, "pay.html", context)
    if request.POST.get("action") == "topup":
        return _top_up(request, market, consumer, context)
    return _pay_now(request, market, consumer, context)


def _top_up(
    request: HttpRequest, market: Market, consumer: Consumer, context: dict[str, Any]
) -> HttpResponse:
    form = TopUpForm(request.POST)
    if not form.is_valid():
        return shop_render(request, market, "pay.html", {**context, "topup_form": form}, status=422)
    data = form.cleaned_data
    try:
        topup = topup_create(
            consumer=consumer,
            amount=Money.of(data["amount"], context["checkout"].currency),
            funding_source=f"card_{data['card']}",
            request_id=data["request_id"],
        )
    except ApplicationError as error:
        return refused(request, market, "pay.html", {**context, "topup_form": form}, error)
    if topup.status == TopUpStatus.FAILED:
        message = _("The card was declined; nothing was charged. Try another card.")
        return shop_render(
            request,
            market,
            "pay.html",
            {**context, "topup_form": form, "error": message},
            status=422,
        )
    messages.success(request, _("Your wallet was topped up."))
    return redirect("shop-pay", market.code.lower(), context["checkout"].pk)


def _pay_now(
    request: HttpRequest, market: Market, consumer: Consumer, context: dict[str, Any]
) -> HttpResponse:
    checkout_id = context["checkout"].pk
    try:
        payment = payment_confirm(
            consumer=consumer,
            payment_id=payment_create(consumer=consumer, checkout_id=checkout_id).pk,
        )
    except ApplicationError as error:
        return refused(request, market, "pay.html", context, error)
    if payment.status != PaymentStatus.SUCCEEDED:
        message = (
            _("Your wallet balance is not enough; top up and pay again. Nothing was charged.")
            if payment.failure_code == "insufficient_funds"
            else _("The payment did not go through; nothing was charged.")
        )
        return shop_render(request, market, "pay.html", {**context, "error": message}, status=422)
    messages.success(
        request, _("Paid. Thank you! We will keep you posted on customs and delivery.")
    )
    first = context["orders"][0]
    return redirect("shop-order", market.code.lower(), first.number)
