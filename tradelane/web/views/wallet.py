"""Wallet pages for shoppers: balances, top-up, the one-time payment code, paying a shop's QR
and the history. Views parse the request, call the payments services and render; every money
move is the service's, so a refusal here has changed nothing."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import wraps
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from stdnum import luhn

from tradelane.accounts.models import Consumer
from tradelane.core import clock
from tradelane.core.errors import ApplicationError
from tradelane.core.money import Money
from tradelane.payments.models import InStorePayment, InStoreStatus, TopUpStatus, Wallet
from tradelane.payments.selectors import (
    consumer_wallets,
    order_numbers_by_payment,
    shop_names_by_instore_payment,
    wallet_balance,
    wallet_read,
)
from tradelane.payments.services.instore import (
    InStoreNotFound,
    QrOffer,
    QrQuoteMismatch,
    payment_code_issue,
    qr_offer,
    qr_pay,
    qr_payment,
)
from tradelane.payments.services.wallets import (
    WALLET_CURRENCIES,
    topup_create,
    wallet_for,
    wallet_history,
)
from tradelane.web.refusals import Refusal, refusal_of

View = Callable[..., HttpResponse]
MARKET_TIMEZONES = {
    "CN": "Asia/Shanghai",
    "AU": "Australia/Sydney",
    "NZ": "Pacific/Auckland",
    "SG": "Asia/Singapore",
    "MY": "Asia/Kuala_Lumpur",
}
HISTORY_PAGE = 20
# A shop's QR opens /wallet/pay/<token>/; the API's form is tradelane://pay/<token>.
PAY_LINK = re.compile(r"(?:/wallet/pay/|tradelane://pay/)([A-Za-z0-9_-]{16,64})")
BARE_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")

ENTRY_LABELS = {
    "topup": gettext_lazy("Top-up"),
    "instore": gettext_lazy("Paid in a shop"),
    "instore_refund": gettext_lazy("Shop refund"),
    "goods": gettext_lazy("Order: goods"),
    "shipping": gettext_lazy("Order: shipping"),
    "import_tax": gettext_lazy("Order: import tax"),
    "refund_goods": gettext_lazy("Refund: goods"),
    "refund_shipping": gettext_lazy("Refund: shipping"),
    "refund_tax": gettext_lazy("Refund: import tax"),
}
# Messages a shopper understands for refusals whose service wording is meant for developers.
FRIENDLY = {
    "insufficient_funds": gettext_lazy("Your wallet balance is too low for this; top up first."),
    "fx_quote_expired": gettext_lazy(
        "The amount shown is no longer held; check the new amount below and confirm again."
    ),
    "fx_quote_mismatch": gettext_lazy(
        "The amount shown is out of date; check the amount below and confirm again."
    ),
}
DECLINES = {
    "card_declined": gettext_lazy("Your card was declined. Try another card."),
    "insufficient_funds": gettext_lazy("Your card account does not have enough funds."),
}


def shopper_refusal(error: ApplicationError) -> Refusal:
    refusal = refusal_of(error)
    if error.code in FRIENDLY:
        return Refusal(refusal.code, str(FRIENDLY[error.code]), refusal.fields)
    return refusal


def shopper_page(view: View) -> View:
    """Signed-in shoppers only, in their language (unless they chose one) and their time zone."""

    @wraps(view)
    @login_required
    @never_cache
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        consumer = getattr(request.user, "consumer", None)
        if consumer is None:
            return render(request, "web/wallet/not_shopper.html", status=403)
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and consumer.locale:
            translation.activate(consumer.locale)
        zone = MARKET_TIMEZONES.get(consumer.market_id, "UTC")
        with timezone.override(zone):
            return view(request, consumer, *args, **kwargs)

    return wrapper


def wallets_of(consumer: Consumer) -> list[Wallet]:
    """The market's wallet first (opened on first visit), then any others the shopper holds."""
    main = wallet_for(consumer)
    return [main, *[w for w in consumer_wallets(consumer.pk) if w.pk != main.pk]]


@dataclass(frozen=True)
class Line:
    at: datetime
    label: str
    detail: str
    amount: Money


ORDER_PAYMENT_CODES = ("goods", "shipping", "import_tax")


def history_lines(wallet: Wallet, *, limit: int, offset: int = 0) -> list[Line]:
    entries = wallet_history(wallet, limit=limit, offset=offset)
    shop_refs = [e.reference for e in entries if e.code.startswith("instore")]
    shops = shop_names_by_instore_payment(shop_refs)
    orders = order_numbers_by_payment(
        [e.reference for e in entries if e.code in ORDER_PAYMENT_CODES]
    )
    details = {**shops, **orders}
    return [
        Line(
            e.at,
            str(ENTRY_LABELS.get(e.code, e.code)),
            details.get(e.reference, "" if e.code == "topup" else e.reference),
            e.amount,
        )
        for e in entries
    ]


@shopper_page
def wallet_home(request: HttpRequest, consumer: Consumer) -> HttpResponse:
    wallets = wallets_of(consumer)
    context = {
        "balances": [(w.currency, wallet_balance(w)) for w in wallets],
        "recent": history_lines(wallets[0], limit=5),
        "currency": wallets[0].currency,
    }
    return render(request, "web/wallet/home.html", context)


class TopUpForm(forms.Form):
    amount = forms.DecimalField(
        label=gettext_lazy("Amount"), max_digits=12, decimal_places=2, min_value=Decimal("0.01")
    )
    currency = forms.ChoiceField(
        label=gettext_lazy("Currency"), choices=[(c, c) for c in WALLET_CURRENCIES]
    )
    card_number = forms.CharField(
        label=gettext_lazy("Card number"),
        max_length=30,
        help_text=gettext_lazy(
            "Demo bank: 4242 4242 4242 4242 is approved, 4000 0000 0000 0002 is declined."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "cc-number"}),
    )
    request_id = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def clean_card_number(self) -> str:
        digits = re.sub(r"[\s-]", "", self.cleaned_data["card_number"])
        if not (digits.isdigit() and 12 <= len(digits) <= 19 and luhn.is_valid(digits)):
            raise forms.ValidationError(_("Enter the card number as printed on the card."))
        return digits


def _new_topup_form(consumer: Consumer, data: dict[str, Any] | None = None) -> TopUpForm:
    initial = {"currency": consumer.market.currency, "request_id": uuid.uuid4().hex}
    return TopUpForm(data, initial=initial)


def _topup_failure(request: HttpRequest, consumer: Consumer, message: str) -> HttpResponse:
    """The bank's answer is about the whole top-up, not a field: say it above the form, keep the
    amount and currency, and give a fresh request id (a retry is a new charge, not a repeat).
    The form is unbound, so the card number it does not echo back is not marked required."""
    initial = {
        "amount": request.POST.get("amount", ""),
        "currency": request.POST.get("currency", consumer.market.currency),
        "request_id": uuid.uuid4().hex,
    }
    context = {"form": TopUpForm(initial=initial), "error": message}
    return render(request, "web/wallet/topup.html", context, status=422)


@shopper_page
@require_http_methods(["GET", "POST"])
def topup_page(request: HttpRequest, consumer: Consumer) -> HttpResponse:
    if request.method != "POST":
        return render(request, "web/wallet/topup.html", {"form": _new_topup_form(consumer)})
    form = TopUpForm(request.POST)
    if not form.is_valid():
        return render(request, "web/wallet/topup.html", {"form": form}, status=422)
    data = form.cleaned_data
    try:
        topup = topup_create(
            consumer=consumer,
            amount=Money.of(data["amount"], data["currency"]),
            funding_source="card_" + data["card_number"][-4:],
            request_id=data["request_id"],
        )
    except ApplicationError as exc:
        return _topup_failure(request, consumer, shopper_refusal(exc).message)
    if topup.status == TopUpStatus.FAILED:
        default = _("The bank declined this top-up.")
        return _topup_failure(request, consumer, str(DECLINES.get(topup.failure_code, default)))
    if topup.status == TopUpStatus.PENDING:
        messages.info(request, _("The bank is still confirming your top-up; it will show soon."))
    else:
        messages.success(request, _("Your wallet was topped up."))
    return HttpResponseRedirect(reverse("wallet-home"))


def _code_context(consumer: Consumer) -> dict[str, Any]:
    code, issued = payment_code_issue(consumer=consumer)
    seconds = max(0, int((issued.expires_at - clock.now()).total_seconds()))
    wallet = issued.wallet
    return {
        "code": code,
        "code_groups": " ".join(code[i : i + 4] for i in range(0, len(code), 4)),
        "seconds": seconds,
        # Fetch the next code a little before this one lapses, so the till never sees a dead one.
        "refresh_after": max(5, seconds - 10),
        "wallet_currency": wallet.currency,
        "balance": wallet_balance(wallet_read(wallet.pk)),
    }


@shopper_page
def code_page(request: HttpRequest, consumer: Consumer) -> HttpResponse:
    return render(request, "web/wallet/code.html", _code_context(consumer))


@shopper_page
@require_POST
def code_fresh(request: HttpRequest, consumer: Consumer) -> HttpResponse:
    return render(request, "web/wallet/_code.html", _code_context(consumer))


# The pay page carries the quote it showed, signed for this shopper and this QR, so the
# confirm charges the amount on the screen and a posted quote id cannot be swapped for another.
QUOTE_SALT = "tradelane.wallet.qr-quote"


def _signed_quote(offer: QrOffer, consumer: Consumer, payment: InStorePayment) -> str:
    if offer.quote is None:
        return ""
    return signing.dumps([offer.quote.pk, payment.pk, consumer.pk], salt=QUOTE_SALT)


def _quote_posted(request: HttpRequest, consumer: Consumer, payment: InStorePayment) -> int | None:
    """The quote the page showed; None for a same-currency QR (or a client that shows none)."""
    posted = request.POST.get("quote", "")
    if not posted:
        return None
    try:
        quote_id, payment_id, consumer_id = signing.loads(posted, salt=QUOTE_SALT)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise QrQuoteMismatch(_("This exchange rate is not for this payment.")) from exc
    if (payment_id, consumer_id) != (payment.pk, consumer.pk) or not isinstance(quote_id, int):
        raise QrQuoteMismatch(_("This exchange rate is not for this payment."))
    return quote_id


def _pay_context(consumer: Consumer, payment: InStorePayment) -> dict[str, Any]:
    wallet = wallet_for(consumer)
    mine = payment.status == InStoreStatus.SUCCEEDED and payment.consumer_id == consumer.pk
    open_ = payment.status == InStoreStatus.AWAITING_CUSTOMER and payment.expires_at > clock.now()
    offer = None
    if open_:
        try:
            offer = qr_offer(consumer=consumer, payment=payment)
        except ApplicationError:  # no rate loaded: paying would be refused the same way
            offer = None
    return {
        "payment": payment,
        "amount": Money.from_minor(payment.amount_minor, payment.currency),
        "paid": mine,
        "payable": open_,
        "offer": offer,
        "signed_quote": _signed_quote(offer, consumer, payment) if offer else "",
        "wallet_paid": (
            Money.from_minor(payment.wallet_amount_minor, payment.wallet_currency)
            if mine and payment.wallet_amount_minor is not None
            else None
        ),
        "balance": wallet_balance(wallet),
    }


@shopper_page
@require_http_methods(["GET", "POST"])
def pay_page(request: HttpRequest, consumer: Consumer, token: str) -> HttpResponse:
    try:
        payment = qr_payment(token)
    except InStoreNotFound as exc:
        context = {"refusal": shopper_refusal(exc)}
        return render(request, "web/wallet/pay_unknown.html", context, status=404)
    if request.method == "POST":
        try:
            qr_pay(
                consumer=consumer, token=token, quote_id=_quote_posted(request, consumer, payment)
            )
        except ApplicationError as exc:
            payment.refresh_from_db()
            context = {**_pay_context(consumer, payment), "refusal": shopper_refusal(exc)}
            return render(request, "web/wallet/pay.html", context, status=422)
        return HttpResponseRedirect(reverse("wallet-pay", args=[token]))
    return render(request, "web/wallet/pay.html", _pay_context(consumer, payment))


class ScanForm(forms.Form):
    link = forms.CharField(
        label=gettext_lazy("Payment link from the shop's QR"),
        max_length=300,
        help_text=gettext_lazy("Scan the QR with the camera, or paste the link under it."),
    )


def token_in(text: str) -> str | None:
    text = text.strip()
    found = PAY_LINK.search(text)
    if found:
        return found.group(1)
    return text if BARE_TOKEN.match(text) else None


@shopper_page
@require_http_methods(["GET", "POST"])
def scan_page(request: HttpRequest, consumer: Consumer) -> HttpResponse:
    form = ScanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = token_in(form.cleaned_data["link"])
        if token is not None:
            return HttpResponseRedirect(reverse("wallet-pay", args=[token]))
        form.add_error("link", _("That is not a Tradelane payment QR."))
    status = 422 if form.errors else 200
    return render(request, "web/wallet/scan.html", {"form": form}, status=status)


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    # isdigit() alone lets "²" or "٣" through, which int() then refuses
    return max(1, min(int(raw), 10_000)) if raw.isascii() and raw.isdigit() else 1


@shopper_page
def history_page(request: HttpRequest, consumer: Consumer) -> HttpResponse:
    wallets = wallets_of(consumer)
    chosen = next((w for w in wallets if w.currency == request.GET.get("currency")), wallets[0])
    page = _page_number(request)
    # One more than a page tells whether a next page exists without counting every transfer.
    lines = history_lines(chosen, limit=HISTORY_PAGE + 1, offset=(page - 1) * HISTORY_PAGE)
    context = {
        "wallets": wallets,
        "wallet": chosen,
        "balance": wallet_balance(chosen),
        "lines": lines[:HISTORY_PAGE],
        "page": page,
        "has_next": len(lines) > HISTORY_PAGE,
    }
    return render(request, "web/wallet/history.html", context)
