"""Merchant portal: the analytics dashboard, charts drawn on the server (no script, no CDN)."""

from __future__ import annotations

from dataclasses import replace

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from tradelane.analytics import charts
from tradelane.analytics import merchant as reads
from tradelane.markets.selectors import market_get
from tradelane.merchants.models import Merchant
from tradelane.web import formatting
from tradelane.web.provinces import province_name
from tradelane.web.views.merchant import REFUSED, merchant_page, merchant_today
from tradelane.web.views.merchant_forms import AnalyticsForm

MAX_WINDOW_DAYS = 92


def _window(form: AnalyticsForm) -> reads.Window | None:
    default = reads.default_window(merchant_today())
    start = form.cleaned_data.get("start") or default.start
    end = form.cleaned_data.get("end") or default.end
    if end < start:
        form.add_error("end", _("The window ends before it starts."))
        return None
    if (end - start).days >= MAX_WINDOW_DAYS:
        form.add_error("end", _("Pick a window of at most %(n)s days.") % {"n": MAX_WINDOW_DAYS})
        return None
    return reads.Window(start, end)


@merchant_page
def analytics(request: HttpRequest, merchant: Merchant) -> HttpResponse:
    """Sales of one market over the window the merchant picks (default: the last 7 days, the
    length of Fresh Food Week), against the same number of days just before it."""
    form = AnalyticsForm(request.GET or None, initial=_initial())
    window, market_code = reads.default_window(merchant_today()), "CN"
    if form.is_bound:
        picked = _window(form) if form.is_valid() else None
        if picked is None:
            context = {"merchant": merchant, "form": form, "nav": "analytics"}
            return render(request, "web/merchant/analytics.html", context, status=REFUSED)
        window, market_code = picked, form.cleaned_data["market"] or "CN"
    market = market_get(market_code)
    report = _report(merchant.pk, market.code, market.currency, window)
    context = {"merchant": merchant, "form": form, "nav": "analytics", "window": window,
               "market": market, **report}  # fmt: skip
    return render(request, "web/merchant/analytics.html", context)


def _initial() -> dict[str, object]:
    window = reads.default_window(merchant_today())
    return {"market": "CN", "start": window.start, "end": window.end}


def _report(
    merchant_id: int, market: str, currency: str, window: reads.Window
) -> dict[str, object]:
    def money(minor: int) -> str:
        return formatting.minor_text(minor, currency)

    by_day = reads.sales_by_day(merchant_id, market, window.before())
    by_day += reads.sales_by_day(merchant_id, market, window)
    language = translation.get_language() or "en"
    by_province = [
        replace(point, label=province_name(point.label, language))
        for point in reads.sales_by_province(merchant_id, market, window)
    ]
    by_product = reads.sales_by_product(merchant_id, market, window)
    uplift = reads.campaign_uplift(merchant_id, market, window)
    return {
        "by_day": by_day,
        "by_province": by_province,
        "by_product": by_product,
        "uplift": uplift,
        "day_svg": charts.day_chart(by_day, title=_("Sales by day"), money=money),
        "province_svg": charts.bar_chart(by_province, title=_("Sales by province"), money=money)
        if by_province
        else "",
        "product_svg": charts.bar_chart(by_product, title=_("Sales by product"), money=money)
        if by_product
        else "",
        "uplift_svg": charts.comparison_chart(
            [_("Before"), _("Campaign")],
            [uplift.baseline_minor, uplift.window_minor],
            title=_("Campaign uplift"),
            money=money,
        ),
    }
