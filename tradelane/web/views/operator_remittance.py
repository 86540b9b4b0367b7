"""Operator pages for money that leaves: tax remitted per authority and period, partners paid
per period, the runs, each statement as a page and a CSV. Staff only; views parse, call the
payments services and render."""

from __future__ import annotations

import csv
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tradelane.core.errors import ApplicationError
from tradelane.core.money import Money
from tradelane.payments import remittance_rules as rules
from tradelane.payments.models import TaxRemittance
from tradelane.payments.selectors import (
    partner_payment_with_legs,
    recent_partner_payments,
    recent_remittance_runs,
    recent_tax_remittances,
    tax_remittance_with_items,
)
from tradelane.payments.services.remittance import partners_pay, remittance_run, tax_remit

RECENT = 40


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """As the dashboard's guard, for views that also take URL arguments."""

    @wraps(view)
    def guarded(request: HttpRequest, **kwargs: str) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff:
            raise PermissionDenied("operators only")
        return view(request, **kwargs)

    return guarded


def _money(minor: int, currency: str) -> str:
    """The exact decimal amount for a CSV: a spreadsheet sums it; the currency is its own column."""
    return str(Money.from_minor(minor, currency).amount)


def _tax_figures(remittance: TaxRemittance) -> dict[str, Money]:
    """A return's figures as Money, signed as they count towards the payable, so the page
    formats each one (Babel, the page's language) and no template negates anything."""

    def of(minor: int) -> Money:
        return Money.from_minor(minor, remittance.currency)

    return {
        "supplies": of(remittance.supplies_value_minor),
        "collected": of(remittance.tax_collected_minor),
        "refunds": of(-remittance.refunds_tax_minor),
        "adjustments": of(remittance.adjustments_tax_minor),
        "credit_in": of(-remittance.credit_in_minor),
        "payable": of(remittance.amount_minor),
        "credit_out": of(remittance.credit_out_minor),
    }


@staff_required
@require_http_methods(["GET", "POST"])
def remittances(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _run(request)
    taxes = recent_tax_remittances(RECENT)
    for remittance in taxes:
        remittance.figures = _tax_figures(remittance)  # type: ignore[attr-defined]
    return render(
        request,
        "web/operator/remittances.html",
        {
            "taxes": taxes,
            "partners": recent_partner_payments(RECENT),
            "runs": recent_remittance_runs(10),
            "authorities": rules.authorities().values(),
        },
    )


def _run(request: HttpRequest) -> HttpResponse:
    period = request.POST.get("period", "").strip()
    target = request.POST.get("target", "")
    actor = f"operator:{request.user.pk}"
    try:
        if target == "partners":
            remittance_run(
                kind="partners",
                period=period,
                actor=actor,
                work=lambda: [p for p, _c in partners_pay(period=period, actor=actor)],
            )
        else:
            remittance_run(
                kind="tax",
                period=period,
                actor=actor,
                work=lambda: [tax_remit(authority=target, period=period, actor=actor)[0]],
            )
    except ApplicationError as refused:
        messages.error(request, str(refused.message))
    else:
        messages.success(request, _("Run recorded for %(period)s.") % {"period": period})
    return redirect("operator-remittances")


@staff_required
@require_GET
def tax_statement(request: HttpRequest, remittance_id: str) -> HttpResponse:
    found = tax_remittance_with_items(remittance_id)
    if found is None:
        raise Http404("no such remittance")
    remittance, items = found
    if request.GET.get("format") == "csv":
        return _csv(
            f"{remittance.pk.replace(':', '-')}.csv",
            ["transfer", "kind", "order", "at", "value", "tax", "currency", "earlier_period"],
            [
                [
                    i.transfer_id,
                    i.kind,
                    i.order_number,
                    i.at.isoformat(),
                    _money(i.value_minor, remittance.currency),
                    _money(
                        i.tax_minor if i.kind == rules.SALE else -i.tax_minor, remittance.currency
                    ),
                    remittance.currency,
                    "yes" if i.earlier else "no",
                ]
                for i in items
            ],
            totals=[
                [
                    "supplies",
                    remittance.supplies_count,
                    _money(remittance.supplies_value_minor, remittance.currency),
                    remittance.currency,
                ],
                [
                    "tax collected",
                    "",
                    _money(remittance.tax_collected_minor, remittance.currency),
                    remittance.currency,
                ],
                [
                    "refunds",
                    remittance.refunds_count,
                    _money(-remittance.refunds_tax_minor, remittance.currency),
                    remittance.currency,
                ],
                [
                    "adjustments",
                    remittance.adjustments_count,
                    _money(remittance.adjustments_tax_minor, remittance.currency),
                    remittance.currency,
                ],
                [
                    "credit from earlier periods",
                    "",
                    _money(-remittance.credit_in_minor, remittance.currency),
                    remittance.currency,
                ],
                [
                    "net payable",
                    "",
                    _money(remittance.amount_minor, remittance.currency),
                    remittance.currency,
                ],
                [
                    "credit carried forward",
                    "",
                    _money(remittance.credit_out_minor, remittance.currency),
                    remittance.currency,
                ],
            ],
        )
    authority = rules.authorities().get(remittance.authority)
    lines = [
        {
            "item": i,
            "value": Money.from_minor(i.value_minor, remittance.currency),
            "tax": Money.from_minor(
                i.tax_minor if i.kind == rules.SALE else -i.tax_minor, remittance.currency
            ),
        }
        for i in items
    ]
    return render(
        request,
        "web/operator/remittance_tax.html",
        {
            "remittance": remittance,
            "figures": _tax_figures(remittance),
            "lines": lines,
            "authority": authority,
        },
    )


@staff_required
@require_GET
def partner_statement(request: HttpRequest, payment_id: str) -> HttpResponse:
    found = partner_payment_with_legs(payment_id)
    if found is None:
        raise Http404("no such partner payment")
    payment, legs = found
    if request.GET.get("format") == "csv":
        return _csv(
            f"{payment.pk.replace(':', '-')}.csv",
            ["waybill", "leg", "lane", "weight_g", "delivered_at", "amount", "currency"],
            [
                [
                    leg.waybill,
                    leg.sequence,
                    leg.lane_code,
                    leg.weight_g,
                    leg.delivered_at.isoformat(),
                    _money(leg.amount_minor, payment.currency),
                    payment.currency,
                ]
                for leg in legs
            ],
            totals=[
                [
                    "total",
                    payment.legs_count,
                    "",
                    "",
                    "",
                    _money(payment.amount_minor, payment.currency),
                    payment.currency,
                ]
            ],
        )
    return render(
        request, "web/operator/remittance_partner.html", {"payment": payment, "legs": legs}
    )


def _csv(
    name: str, header: list[str], rows: list[list[Any]], totals: list[list[Any]]
) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    writer.writerow([])
    writer.writerows(totals)
    return response
