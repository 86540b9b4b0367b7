"""The shop till: charge a customer's wallet code, show a QR for an amount, receipts, refunds,
and today's payments. Used by a merchant's owner or staff at the counter, in the shop's currency.
Views parse the request, call the in-store payment services and render."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, time
from functools import wraps
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from tradelane.core import clock
from tradelane.core.errors import ApplicationError
from tradelane.core.money import Money
from tradelane.merchants.models import Shop
from tradelane.merchants.selectors import staff_shop, staff_shops
from tradelane.payments.models import InStorePayment, InStoreStatus
from tradelane.payments.selectors import instore_refunds, shop_payment, shop_payments_since
from tradelane.payments.services.instore import till_charge_code, till_create_qr, till_refund
from tradelane.web.formatting import money_text
from tradelane.web.refusals import refusal_of

View = Callable[..., HttpResponse]
SHOP_TIMEZONES = {"AU": "Australia/Sydney", "NZ": "Pacific/Auckland"}
QR_SESSION_KEY = "till_qr_links"
POLL_SECONDS = 2


def till_page(view: View) -> View:
    """Signed-in staff of the shop's merchant only, and only while the merchant is active (an
    applied or suspended merchant takes no money: 403); times in the shop's time zone."""

    @wraps(view)
    @login_required
    @never_cache
    def wrapper(request: HttpRequest, shop_id: int, *args: Any, **kwargs: Any) -> HttpResponse:
        shop = staff_shop(request.user, shop_id)
        if shop is None:
            raise Http404(_("No such shop among yours."))
        if not shop.merchant.is_active:
            context = {"shop": shop, "status": shop.merchant.status}
            return render(request, "web/till/not_active.html", context, status=403)
        with timezone.override(SHOP_TIMEZONES.get(shop.country, "UTC")):
            return view(request, shop, *args, **kwargs)

    return wrapper


class AmountField(forms.DecimalField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", gettext_lazy("Amount"))
        super().__init__(max_digits=10, decimal_places=2, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "step": "0.01"})


class ChargeForm(forms.Form):
    amount = AmountField()
    code = forms.CharField(
        label=gettext_lazy("Customer's payment code"),
        max_length=40,
        help_text=gettext_lazy(
            "Scan the barcode or QR on the customer's phone, or type the 18 digits."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    request_id = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split())


class QrForm(forms.Form):
    amount = AmountField()
    request_id = forms.CharField(widget=forms.HiddenInput, max_length=64)


class RefundForm(forms.Form):
    amount = AmountField(label=gettext_lazy("Refund amount"))
    request_id = forms.CharField(widget=forms.HiddenInput, max_length=64)


# The till page holds the charge and the QR forms together: each gets its own id prefix, so
# their labels point at their own inputs (field names stay as the forms post them).
AUTO_IDS = {"ChargeForm": "charge_%s", "QrForm": "qr_%s", "RefundForm": "refund_%s"}


def bound(form_class: type[forms.Form], data: Any) -> forms.Form:
    return form_class(data, auto_id=AUTO_IDS[form_class.__name__])


def fresh(form_class: type[forms.Form], **initial: Any) -> forms.Form:
    """A blank form carrying a new request id, so a double submit charges once."""
    return form_class(
        initial={"request_id": uuid.uuid4().hex, **initial}, auto_id=AUTO_IDS[form_class.__name__]
    )


def todays_payments(shop: Shop) -> list[InStorePayment]:
    zone = ZoneInfo(SHOP_TIMEZONES.get(shop.country, "UTC"))
    midnight = datetime.combine(clock.now().astimezone(zone).date(), time.min, tzinfo=zone)
    return shop_payments_since(shop.pk, midnight)


@login_required
@require_GET
def choose_shop(request: HttpRequest) -> HttpResponse:
    shops = staff_shops(request.user)
    return render(request, "web/till/choose.html", {"shops": shops})


def _till(
    request: HttpRequest,
    shop: Shop,
    *,
    charge: forms.Form | None = None,
    qr: forms.Form | None = None,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    context = {
        "shop": shop,
        "charge_form": charge or fresh(ChargeForm),
        "qr_form": qr or fresh(QrForm),
        "payments": todays_payments(shop),
        **extra,
    }
    return render(request, "web/till/till.html", context, status=status)


@till_page
@require_GET
def till_home(request: HttpRequest, shop: Shop) -> HttpResponse:
    return _till(request, shop)


@till_page
@require_POST
def charge(request: HttpRequest, shop: Shop) -> HttpResponse:
    form = bound(ChargeForm, request.POST)
    if not form.is_valid():
        return _till(request, shop, charge=form, status=422)
    data = form.cleaned_data
    try:
        payment = till_charge_code(
            shop=shop,
            code=data["code"],
            amount=Money.of(data["amount"], shop.currency),
            request_id=data["request_id"],
        )
    except ApplicationError as exc:
        return _till(request, shop, charge=form, status=422, charge_refusal=refusal_of(exc))
    return HttpResponseRedirect(reverse("till-receipt", args=[shop.pk, payment.pk]))


@till_page
@require_POST
def create_qr(request: HttpRequest, shop: Shop) -> HttpResponse:
    form = bound(QrForm, request.POST)
    if not form.is_valid():
        return _till(request, shop, qr=form, status=422)
    data = form.cleaned_data
    try:
        link, payment = till_create_qr(
            shop=shop, amount=Money.of(data["amount"], shop.currency), request_id=data["request_id"]
        )
    except ApplicationError as exc:
        return _till(request, shop, qr=form, status=422, qr_refusal=refusal_of(exc))
    # The service returns the QR's secret once; the till keeps it in its session to show it.
    token = link.rsplit("/", 1)[-1]
    links = {**request.session.get(QR_SESSION_KEY, {}), payment.pk: token}
    request.session[QR_SESSION_KEY] = dict(list(links.items())[-20:])
    return HttpResponseRedirect(reverse("till-qr", args=[shop.pk, payment.pk]))


def _shop_payment(shop: Shop, payment_id: str) -> InStorePayment:
    payment = shop_payment(shop.pk, payment_id)
    if payment is None:
        raise Http404(_("No such payment at this shop."))
    return payment


def _qr_state(payment: InStorePayment) -> str:
    if payment.status == InStoreStatus.SUCCEEDED:
        return "paid"
    if payment.status != InStoreStatus.AWAITING_CUSTOMER or payment.expires_at <= clock.now():
        return "expired"
    return "waiting"


@till_page
@require_GET
def qr_page(request: HttpRequest, shop: Shop, payment_id: str) -> HttpResponse:
    payment = _shop_payment(shop, payment_id)
    state = _qr_state(payment)
    receipt = reverse("till-receipt", args=[shop.pk, payment.pk])
    if state == "paid":
        return HttpResponseRedirect(receipt)
    token = request.session.get(QR_SESSION_KEY, {}).get(payment.pk)
    pay_url = request.build_absolute_uri(reverse("wallet-pay", args=[token])) if token else ""
    context = {
        "shop": shop,
        "payment": payment,
        "amount": Money.from_minor(payment.amount_minor, payment.currency),
        "pay_url": pay_url,
        "state": state,
        "poll": POLL_SECONDS,
        "seconds_left": max(0, int((payment.expires_at - clock.now()).total_seconds())),
    }
    return render(request, "web/till/qr.html", context)


@till_page
@require_GET
def qr_status(request: HttpRequest, shop: Shop, payment_id: str) -> HttpResponse:
    """Polled by the QR page: once the wallet has paid, htmx follows HX-Redirect to the receipt."""
    payment = _shop_payment(shop, payment_id)
    state = _qr_state(payment)
    response = render(
        request,
        "web/till/_qr_status.html",
        {"shop": shop, "payment": payment, "state": state, "poll": POLL_SECONDS},
    )
    if state == "paid":
        response["HX-Redirect"] = reverse("till-receipt", args=[shop.pk, payment.pk])
    return response


def _receipt(
    request: HttpRequest,
    shop: Shop,
    payment: InStorePayment,
    *,
    form: forms.Form | None = None,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    remaining = Money.from_minor(payment.amount_minor - payment.refunded_minor, payment.currency)
    wallet_amount = (
        Money.from_minor(payment.wallet_amount_minor, payment.wallet_currency)
        if payment.wallet_amount_minor is not None
        else None
    )
    context = {
        "shop": shop,
        "payment": payment,
        "amount": Money.from_minor(payment.amount_minor, payment.currency),
        "refunded": Money.from_minor(payment.refunded_minor, payment.currency),
        "remaining": remaining,
        "wallet_amount": wallet_amount,
        "refunds": instore_refunds(payment),
        "refund_form": form or fresh(RefundForm, amount=remaining.amount),
        **extra,
    }
    return render(request, "web/till/receipt.html", context, status=status)


@till_page
@require_GET
def receipt(request: HttpRequest, shop: Shop, payment_id: str) -> HttpResponse:
    payment = _shop_payment(shop, payment_id)
    if payment.status != InStoreStatus.SUCCEEDED:
        return HttpResponseRedirect(reverse("till-qr", args=[shop.pk, payment.pk]))
    return _receipt(request, shop, payment)


@till_page
@require_POST
def refund(request: HttpRequest, shop: Shop, payment_id: str) -> HttpResponse:
    payment = _shop_payment(shop, payment_id)
    form = bound(RefundForm, request.POST)
    if not form.is_valid():
        return _receipt(request, shop, payment, form=form, status=422)
    data = form.cleaned_data
    try:
        refunded = till_refund(
            shop=shop,
            payment_id=payment.pk,
            amount=Money.of(data["amount"], shop.currency),
            request_id=data["request_id"],
        )
    except ApplicationError as exc:
        return _receipt(request, shop, payment, form=form, status=422, refusal=refusal_of(exc))
    amount = money_text(Money.from_minor(refunded.amount_minor, payment.currency))
    messages.success(
        request, _("Refunded %(amount)s to the customer's wallet.") % {"amount": amount}
    )
    return HttpResponseRedirect(reverse("till-receipt", args=[shop.pk, payment.pk]))
