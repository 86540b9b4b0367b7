"""Merchant portal: the onboarding form, the dashboard, and what every portal page shares
(who the merchant is, how a refusal lands on a form)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

from django import forms
from django.contrib import auth
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from tradelane.accounts import rules as account_rules
from tradelane.analytics.merchant import dashboard_summary
from tradelane.core import clock
from tradelane.core.errors import ApplicationError
from tradelane.merchants.errors import NotMerchantOwner
from tradelane.merchants.models import Merchant
from tradelane.merchants.services import merchant_apply, merchant_owned_by
from tradelane.web.refusals import Refusal, refusal_of
from tradelane.web.views.merchant_forms import ApplyForm

MerchantView = Callable[..., HttpResponse]
# A merchant reads times in its own zone (orders, statements, day boundaries), not in UTC.
MERCHANT_TIMEZONES = {"AU": "Australia/Sydney", "NZ": "Pacific/Auckland"}
REFUSED = 422  # a form the services refused: nothing was changed


def merchant_page(view: MerchantView) -> Callable[..., HttpResponse]:
    """Signed in as a merchant's owner; the view gets the merchant as its second argument, so
    every query a view makes starts from the merchant and never from an id in the URL alone.
    The page renders in the merchant's time zone."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            merchant = merchant_owned_by(request.user)  # type: ignore[arg-type]
        except NotMerchantOwner:
            return render(request, "web/merchant/not_merchant.html", status=403)
        with timezone.override(MERCHANT_TIMEZONES.get(merchant.country, "UTC")):
            return view(request, merchant, *args, **kwargs)

    return wrapper


def merchant_today() -> date:
    """Today where the page is read (the merchant's zone, set by `merchant_page`)."""
    return timezone.localdate(clock.now())


def refuse(form: forms.Form, error: ApplicationError) -> Refusal:
    """Put a service's refusal on the form: each named field shows the message under it."""
    refusal = refusal_of(error)
    for name, details in refusal.fields.items():
        target = name if name in form.fields else None
        if target is not None:
            form.add_error(target, [refusal.message, *[d for d in details if d]][:2])
    return refusal


@require_http_methods(["GET", "POST"])
def apply_page(request: HttpRequest) -> HttpResponse:
    form = ApplyForm(request.POST or None)
    refusal = None
    if request.method == "POST" and form.is_valid():
        try:
            merchant_apply(**form.cleaned_data)
        except ApplicationError as exc:
            refusal = refuse(form, exc)
        else:
            _sign_in(request, form.cleaned_data["contact_email"], form.cleaned_data["password"])
            return HttpResponseRedirect("/merchant/")
    status = REFUSED if request.method == "POST" else 200
    return render(
        request, "web/merchant/apply.html", {"form": form, "refusal": refusal}, status=status
    )


def _sign_in(request: HttpRequest, email: str, password: str) -> None:
    user = auth.authenticate(
        request, username=account_rules.normalise_email(email), password=password
    )
    if user is not None:
        auth.login(request, user)


@merchant_page
def dashboard(request: HttpRequest, merchant: Merchant) -> HttpResponse:
    context = {"merchant": merchant, "summary": dashboard_summary(merchant.pk), "nav": "home"}
    return render(request, "web/merchant/dashboard.html", context)
