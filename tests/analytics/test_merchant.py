"""The merchant's sales read models and the charts drawn from them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.payments.test_online import fund, placed
from tradelane.analytics import charts
from tradelane.analytics import merchant as reads
from tradelane.core import clock
from tradelane.payments.services.online import payment_confirm, payment_create

pytestmark = pytest.mark.django_db


def paid_today():
    buyer, checkout, au, nz, _honey, _wine = placed()
    fund(buyer, "2000")
    payment_confirm(
        consumer=buyer, payment_id=payment_create(consumer=buyer, checkout_id=checkout.pk).pk
    )
    return checkout.orders.get(merchant=au), au, nz


def test_sales_by_day_province_and_product_count_paid_orders_only() -> None:
    order, au, _nz = paid_today()
    window = reads.default_window(clock.today())
    days = reads.sales_by_day(au.pk, "CN", window)
    assert [p.label for p in days][-1] == clock.today().isoformat()
    assert len(days) == reads.CAMPAIGN_DAYS
    assert sum(p.minor for p in days) == order.goods_minor
    assert reads.sales_by_province(au.pk, "CN", window) == [
        reads.Point("浙江", order.goods_minor, 1)
    ]
    [product] = reads.sales_by_product(au.pk, "CN", window)
    assert product.minor == order.goods_minor
    assert reads.sales_by_day(au.pk, "AU", window)[-1].minor == 0  # one market at a time


def test_uplift_compares_with_the_same_number_of_days_before() -> None:
    order, au, _nz = paid_today()
    window = reads.default_window(clock.today())
    uplift = reads.campaign_uplift(au.pk, "CN", window)
    assert uplift.baseline.end == window.start - timedelta(days=1)
    assert uplift.baseline.days == window.days
    assert (uplift.window_minor, uplift.baseline_minor) == (order.goods_minor, 0)
    assert uplift.percent is None  # nothing sold before: no honest percentage
    before = reads.campaign_uplift(
        au.pk, "CN", reads.Window(*[d + timedelta(7) for d in (window.start, window.end)])
    )
    assert before.percent == -100


def test_an_unpaid_order_is_not_a_sale() -> None:
    _buyer, _checkout, au, _nz, _honey, _wine = placed()
    window = reads.default_window(clock.today())
    assert reads.campaign_uplift(au.pk, "CN", window).window_orders == 0


def test_charts_are_inline_svg_without_any_cdn_script() -> None:
    points = [reads.Point(f"2026-11-{d:02d}", d * 1000, d) for d in range(1, 8)]
    drawn = [
        charts.day_chart(points, title="Sales", money=str),
        charts.bar_chart(points, title="Products", money=str),
        charts.comparison_chart(["Before", "Campaign"], [100, 300], title="Uplift", money=str),
    ]
    for svg in drawn:
        assert svg.startswith("<svg")
        assert "<?xml" not in svg
        assert "kozea.github.io" not in svg
        assert "<script src" not in svg
        assert "#1d6b47" in svg  # the site's green
