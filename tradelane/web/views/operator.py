"""The operator dashboard: figures from `tradelane.analytics.operator`, each linking to the
admin list where an operator acts on them. Staff only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import wraps
from urllib.parse import urlencode

from babel.numbers import format_percent
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from tradelane.analytics.operator import DayCount, ledger_status, operator_dashboard
from tradelane.web.formatting import babel_locale

View = Callable[[HttpRequest], HttpResponse]
WINDOW_DAYS = 30


def staff_required(view: View) -> View:
    """Signed-out visitors go to sign in; signed-in people who are not staff get 403."""

    @wraps(view)
    def guarded(request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff:
            raise PermissionDenied("operators only")
        return view(request)

    return guarded


def admin_list(model: str, **filters: str) -> str:
    """`admin_list("customs_declaration", status__exact="held")` -> the filtered changelist."""
    url = reverse(f"admin:{model}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


@dataclass(frozen=True)
class Bar:
    day: date
    orders: int
    percent: int  # of the busiest day, for the bar's height


def bars(days: list[DayCount]) -> list[Bar]:
    top = max((d.orders for d in days), default=0)
    return [Bar(d.day, d.orders, round(100 * d.orders / top) if top else 0) for d in days]


def percent_text(share: float | None) -> str:
    return "" if share is None else str(format_percent(share, "#,##0.0%", locale=babel_locale()))


def _links() -> dict[str, str]:
    return {
        # the queue counts applied and in-review merchants, so the list it opens shows both
        "merchants_applied": admin_list("merchants_merchant", status__in="applied,in_review"),
        "declarations": admin_list("customs_declaration"),
        "declarations_held": admin_list("customs_declaration", attention="held"),
        "declarations_held_by_customs": admin_list("customs_declaration", status__exact="held"),
        "declarations_paused": admin_list("customs_declaration", on_hold__exact="1"),
        "declarations_rejected": admin_list("customs_declaration", status__exact="rejected"),
        "claims_open": admin_list("logistics_coldchainclaim", status__exact="open"),
        "claims": admin_list("logistics_coldchainclaim"),
        "shipments_excursion": admin_list("logistics_shipment", excursion__exact="1"),
        "shipments_delivered": admin_list("logistics_shipment", status__exact="delivered"),
        "orders": admin_list("orders_order"),
        "ledger_accounts": admin_list("payments_ledgeraccount"),
    }


@require_GET
@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    report = operator_dashboard(WINDOW_DAYS)
    context = {
        "report": report,
        "days": WINDOW_DAYS,
        "bars": bars(report.orders_per_day),
        "links": _links(),
        "gmv_rows": [
            (row, admin_list("orders_order", market__code__exact=row.market))
            for row in report.gmv.rows
        ],
        "on_time_text": percent_text(report.delivery.on_time_share),
        "ledger": ledger_status(),
    }
    return render(request, "web/operator/dashboard.html", context)


@require_GET
@staff_required
def ledger_panel(request: HttpRequest) -> HttpResponse:
    """The invariant panel alone, for htmx to refresh in place."""
    context = {"ledger": ledger_status(), "links": _links()}
    return render(request, "web/operator/_ledger.html", context)
