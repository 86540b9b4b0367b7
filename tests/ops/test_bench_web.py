"""`tradelane bench web` runs the real pages on a small demo and prints every figure."""

from __future__ import annotations

import pytest

from tradelane.catalog.models import Product
from tradelane.tools.bench import web

pytestmark = pytest.mark.django_db


def test_the_web_bench_seeds_a_demo_and_times_every_page() -> None:
    bench = web.run(scale=0.02, requests=2)
    assert Product.objects.exists()
    assert [row.name.split()[0] for row in bench.pages] == [
        "home",
        "search",
        "search",
        "product",
        "category",
    ]
    assert all(len(row.timer.samples) == 2 for row in bench.pages)
    assert all(row.queries > 0 for row in bench.pages + bench.selectors + bench.baseline)
    report = bench.report()
    assert "baseline" in report
    assert "target: every page p50 < 100 ms" in report


def test_the_baseline_finds_what_the_index_finds() -> None:
    web.ensure_demo(0.02)
    for query, category in [("奶粉", ""), ("manuka honey", ""), ("", "dairy")]:
        _ids, total = web.like_scan("CN", query, category)
        assert total > 0
