"""Merchant portal: payouts (what reached the bank, net of the fee) and statements of the
merchant's payable account (every credit from a sale, every debit from a refund or payout)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tradelane.analytics import merchant as reads
from tradelane.core.errors import ApplicationError
from tradelane.merchants.models import Merchant
from tradelane.payments.statements import account_statement
from tradelane.web.views.merchant import REFUSED, merchant_page, merchant_today, refuse
from tradelane.web.views.merchant_forms import StatementForm

# What each movement on the merchant's payable account is, in words (the ledger keeps codes).
ENTRY_LABELS = {
    "goods": _("Sale: goods"),
    "fx_goods": _("Sale: goods, converted to your currency"),
    "commission": _("Tradelane commission"),
    "refund_goods": _("Refund to the shopper"),
    "refund_fx_goods": _("Refund to the shopper, converted"),
    "refund_commission": _("Commission returned on a refund"),
    "instore": _("In-store payment"),
    "instore_fx": _("In-store payment, converted to your currency"),
    "instore_fee": _("Tradelane commission, in store"),
    "instore_refund": _("In-store refund"),
    "instore_fee_refund": _("Commission returned on an in-store refund"),
    "instore_refund_fx": _("In-store refund, converted"),
    "payout": _("Payout to your bank"),
    "payout_fee": _("Payout fee"),
}


@merchant_page
def payouts(request: HttpRequest, merchant: Merchant) -> HttpResponse:
    context = {
        "merchant": merchant,
        "payouts": reads.merchant_payouts(merchant.pk)[:100],
        "payable": reads.merchant_payable(merchant.pk, merchant.settlement_currency),
        "nav": "payouts",
    }
    return render(request, "web/merchant/payouts.html", context)


def _midnight(day: object) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())  # type: ignore[arg-type]


@merchant_page
def statement(request: HttpRequest, merchant: Merchant) -> HttpResponse:
    today = merchant_today()
    form = StatementForm(request.GET or {"start": today - timedelta(days=30), "end": today})
    result, refusal = None, None
    account = reads.merchant_payable(merchant.pk, merchant.settlement_currency)
    if form.is_valid() and account is not None:
        try:
            result = account_statement(
                account,
                start=_midnight(form.cleaned_data["start"]),
                end=_midnight(form.cleaned_data["end"]) + timedelta(days=1),
            )
        except ApplicationError as exc:
            refusal = refuse(form, exc)
    context = {
        "merchant": merchant,
        "form": form,
        "statement": result,
        "labels": ENTRY_LABELS,
        "account": account,
        "refusal": refusal,
        "nav": "payouts",
    }
    status = REFUSED if refusal or form.errors else 200
    return render(request, "web/merchant/statement.html", context, status=status)
