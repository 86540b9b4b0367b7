"""Paying a checkout by card on the storefront: the card form, the acquirer's 3-D Secure
challenge page (simulated), then the order page. Views parse, call the card services, render.
The card number is handed to the service once and never put back into a page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tradelane.core.errors import ApplicationError, NotFound, ValidationFailed
from tradelane.core.money import Money
from tradelane.markets.models import Market
from tradelane.orders.models import Checkout
from tradelane.orders.selectors import checkout_orders, consumer_checkout
from tradelane.payments.cards.rules import CardForm
from tradelane.payments.cards.services import (
    card_intent_authenticate,
    card_intent_confirm,
    card_intent_create,
    card_intent_get,
)
from tradelane.payments.models import CardIntent, CardIntentStatus
from tradelane.web.refusals import refusal_of
from tradelane.web.views.shop_common import consumer_of, consumer_page, refused, shop_render


def _digits(autocomplete: str, size: int) -> forms.TextInput:
    return forms.TextInput(
        attrs={"autocomplete": autocomplete, "inputmode": "numeric", "size": size}
    )


class CardPaymentForm(forms.Form):
    """Only the shape of the page: what a card must hold is the service's rule, and its refusal
    comes back as these fields' errors."""

    number = forms.CharField(
        label=gettext_lazy("Card number"),
        required=False,
        max_length=30,
        widget=_digits("cc-number", 24),
    )
    exp_month = forms.CharField(
        label=gettext_lazy("Expiry month (MM)"),
        required=False,
        max_length=2,
        widget=_digits("cc-exp-month", 3),
    )
    exp_year = forms.CharField(
        label=gettext_lazy("Expiry year (YYYY)"),
        required=False,
        max_length=4,
        widget=_digits("cc-exp-year", 5),
    )
    cvc = forms.CharField(
        label=gettext_lazy("Security code (CVC)"),
        required=False,
        max_length=4,
        widget=forms.PasswordInput(
            attrs={"autocomplete": "cc-csc", "inputmode": "numeric", "size": 5}
        ),
    )
    name = forms.CharField(
        label=gettext_lazy("Name on the card"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "cc-name"}),
    )


def _failure_message(code: str) -> str:
    known = {
        "generic_decline": _("Your card was declined. Nothing was charged; try another card."),
        "card_declined": _("Your card was declined. Nothing was charged; try another card."),
        "insufficient_funds": _(
            "Your card has insufficient funds. Nothing was charged; try another card."
        ),
        "authentication_failed": _(
            "3-D Secure authentication failed. Nothing was charged; try again or use another card."
        ),
    }
    return known.get(code, _("The card payment did not go through. Nothing was charged."))


def _checkout(request: HttpRequest, checkout_id: int) -> Checkout:
    found = consumer_checkout(consumer_of(request), checkout_id)
    if found is None:
        raise Http404("no such checkout")
    return found


def _order_page(market: Market, checkout: Checkout) -> HttpResponse:
    orders = checkout_orders(checkout)
    if not orders:
        return redirect("shop-orders", market.code.lower())
    return redirect("shop-order", market.code.lower(), orders[0].number)


def _paid(request: HttpRequest, market: Market, checkout: Checkout) -> HttpResponse:
    messages.success(request, _("Paid by card. Thank you! We will keep you posted on delivery."))
    return _order_page(market, checkout)


def _context(checkout: Checkout, form: CardPaymentForm) -> dict[str, Any]:
    return {
        "checkout": checkout,
        "orders": checkout_orders(checkout),
        "total": Money.from_minor(checkout.total_minor, checkout.currency),
        "form": form,
    }


def _blank_secrets(form: CardPaymentForm) -> CardPaymentForm:
    """The form as shown again: what was typed, less the card number and the code."""
    data = {name: form.data.get(name, "") for name in ("exp_month", "exp_year", "name")}
    again = CardPaymentForm(data)
    again.is_valid()
    for name, errors in form.errors.items():
        for error in errors:
            again.add_error(name, error)
    return again


@consumer_page
def card_pay(request: HttpRequest, market: Market, checkout_id: int) -> HttpResponse:
    consumer = consumer_of(request)
    checkout = _checkout(request, checkout_id)
    if checkout.status == "paid":
        return _order_page(market, checkout)
    if checkout.status != "awaiting_payment":
        return redirect("shop-orders", market.code.lower())
    try:
        intent = card_intent_create(
            consumer=consumer, checkout_id=checkout.pk, idempotency_key=f"web:{checkout.pk}"
        )
    except ApplicationError as error:
        return refused(
            request, market, "card_pay.html", _context(checkout, CardPaymentForm()), error
        )
    if intent.status == CardIntentStatus.SUCCEEDED:
        return _order_page(market, checkout)
    if intent.status == CardIntentStatus.REQUIRES_ACTION:
        return redirect("shop-card-challenge", market.code.lower(), intent.pk)
    if request.method != "POST":
        return shop_render(request, market, "card_pay.html", _context(checkout, CardPaymentForm()))
    form = CardPaymentForm(request.POST)
    form.is_valid()
    typed = {name: form.cleaned_data.get(name, "") or "" for name in form.fields}
    try:
        intent = card_intent_confirm(consumer=consumer, intent_id=intent.pk, card=CardForm(**typed))
    except ValidationFailed as error:
        for name, problems in refusal_of(error).fields.items():
            for problem in problems:
                form.add_error(name if name in form.fields else None, problem)
        return refused(
            request, market, "card_pay.html", _context(checkout, _blank_secrets(form)), error
        )
    except ApplicationError as error:
        return refused(
            request, market, "card_pay.html", _context(checkout, _blank_secrets(form)), error
        )
    return _after_card(request, market, checkout, intent, form)


def _after_card(
    request: HttpRequest,
    market: Market,
    checkout: Checkout,
    intent: CardIntent,
    form: CardPaymentForm,
) -> HttpResponse:
    if intent.status == CardIntentStatus.SUCCEEDED:
        return _paid(request, market, checkout)
    if intent.status == CardIntentStatus.REQUIRES_ACTION:
        return redirect("shop-card-challenge", market.code.lower(), intent.pk)
    context = {
        **_context(checkout, _blank_secrets(form)),
        "error": _failure_message(intent.failure_code),
    }
    return shop_render(request, market, "card_pay.html", context, status=422)


@consumer_page
def card_challenge(request: HttpRequest, market: Market, intent_id: str) -> HttpResponse:
    """The acquirer's 3-D Secure page, simulated: the shopper completes or fails it."""
    consumer = consumer_of(request)
    try:
        intent = card_intent_get(consumer=consumer, intent_id=intent_id)
    except NotFound as missing:
        raise Http404(str(missing)) from missing
    checkout = _checkout(request, intent.checkout_id)
    if intent.status != CardIntentStatus.REQUIRES_ACTION:
        if intent.status == CardIntentStatus.SUCCEEDED:
            return _order_page(market, checkout)
        return redirect("shop-card-pay", market.code.lower(), checkout.pk)
    context = {
        "intent": intent,
        "total": Money.from_minor(intent.amount_minor, intent.currency),
        "checkout": checkout,
    }
    if request.method != "POST":
        return shop_render(request, market, "card_challenge.html", context)
    try:
        intent = card_intent_authenticate(
            consumer=consumer,
            intent_id=intent.pk,
            challenge_id=request.POST.get("challenge_id", "")[:64],
            passed=request.POST.get("action") == "complete",
        )
    except ApplicationError as error:
        return refused(request, market, "card_challenge.html", context, error)
    if intent.status == CardIntentStatus.SUCCEEDED:
        return _paid(request, market, checkout)
    messages.error(request, _failure_message(intent.failure_code))
    return redirect("shop-card-pay", market.code.lower(), checkout.pk)
