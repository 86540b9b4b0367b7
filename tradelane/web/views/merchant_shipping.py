"""Merchant portal: ship an order outside China with the national post, either by booking
the label here or by entering the tracking number of a parcel the merchant lodged itself.
Posted from the order page's shipping panel; the answer comes back there (a refusal keeps
the order as it was and says why)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tradelane.core.errors import ApplicationError
from tradelane.fulfilment.services.domestic import label_book, mark_shipped
from tradelane.fulfilment.services.returns import return_approve, return_decline
from tradelane.logistics.rules import POST_OF_COUNTRY
from tradelane.merchants.models import Merchant
from tradelane.web.refusals import refusal_of
from tradelane.web.views.merchant import merchant_page


class TrackingForm(forms.Form):
    tracking_number = forms.CharField(
        label=gettext_lazy("Tracking number"), max_length=40, strip=True
    )


def _actor(request: HttpRequest) -> str:
    return f"merchant_user:{request.user.pk}"


@require_POST
@merchant_page
def order_label(request: HttpRequest, merchant: Merchant, number: str) -> HttpResponse:
    try:
        shipment = label_book(merchant_id=merchant.pk, order_number=number, actor=_actor(request))
    except ApplicationError as refusal:
        messages.error(request, refusal_of(refusal).message)
    else:
        messages.success(
            request,
            _(
                "Label booked with %(post)s: tracking number %(number)s. Print it and hand the "
                "parcel over."
            )
            % {"post": shipment.post, "number": shipment.tracking_number},
        )
    return redirect("merchant-order", number=number)


@require_POST
@merchant_page
def order_mark_shipped(request: HttpRequest, merchant: Merchant, number: str) -> HttpResponse:
    form = TrackingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the tracking number from the post's receipt."))
        return redirect("merchant-order", number=number)
    try:
        shipment = mark_shipped(
            merchant_id=merchant.pk,
            order_number=number,
            carrier=POST_OF_COUNTRY.get(merchant.country, ""),
            tracking_number=form.cleaned_data["tracking_number"],
            actor=_actor(request),
        )
    except ApplicationError as refusal:
        messages.error(request, refusal_of(refusal).message)
    else:
        messages.success(
            request,
            _("Marked as shipped with tracking number %(number)s; the shopper can follow it.")
            % {"number": shipment.tracking_number},
        )
    return redirect("merchant-order", number=number)


@require_POST
@merchant_page
def return_approve_page(request: HttpRequest, merchant: Merchant, number: str) -> HttpResponse:
    try:
        request_ = return_approve(
            merchant_id=merchant.pk,
            order_number=number,
            restock=request.POST.get("restock") == "1",
            actor=_actor(request),
        )
    except ApplicationError as refusal:
        messages.error(request, refusal_of(refusal).message)
    else:
        messages.success(
            request,
            _("Return approved: the shopper has a returns label, tracking number %(number)s.")
            % {"number": request_.tracking_number},
        )
    return redirect("merchant-order", number=number)


@require_POST
@merchant_page
def return_decline_page(request: HttpRequest, merchant: Merchant, number: str) -> HttpResponse:
    reason = request.POST.get("reason", "").strip()
    if not reason:
        messages.error(request, _("Tell the shopper why the return is declined."))
        return redirect("merchant-order", number=number)
    try:
        return_decline(
            merchant_id=merchant.pk, order_number=number, reason=reason, actor=_actor(request)
        )
    except ApplicationError as refusal:
        messages.error(request, refusal_of(refusal).message)
    else:
        messages.success(request, _("Return declined; the order stays completed."))
    return redirect("merchant-order", number=number)
