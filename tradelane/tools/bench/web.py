"""`tradelane bench web`: the storefront pages' latency in-process (Django test Client against
the real URLs, the whole middleware and template stack) on the demo catalog, with p50 and p99.

The baseline in the same run is the storefront query path before the search index: a LIKE scan
of the products' search text plus a COUNT over the visibility joins (listing, product, variant,
merchant), for the same queries. The target is a p50 under 100 ms per page.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import quote

from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.test.utils import setup_test_environment

from tradelane.catalog.models import Listing, Product
from tradelane.catalog.selectors import storefront_search, visible_listings
from tradelane.ops.setup import platform_prepare
from tradelane.tools.bench.harness import Timer, count_queries, machine

TARGET_MS = 100.0


@dataclass
class Row:
    name: str
    timer: Timer
    queries: int = 0


@dataclass
class WebBench:
    products: int
    listings: int
    requests: int
    pages: list[Row] = field(default_factory=list)
    selectors: list[Row] = field(default_factory=list)
    baseline: list[Row] = field(default_factory=list)
    machine: str = ""

    def report(self) -> str:
        lines = [
            f"web benchmark on {self.machine}",
            f"  catalog: {self.products:,} products, {self.listings:,} listings;"
            f" {self.requests} requests per page after 3 warm-up requests",
            "  pages (test Client, full stack):",
            *(self._line(r) for r in self.pages),
            "  storefront_search over the index:",
            *(self._line(r) for r in self.selectors),
            "  baseline, the same reads before the index (LIKE scan + COUNT over joins):",
            *(self._line(r) for r in self.baseline),
            f"  target: every page p50 < {TARGET_MS:.0f} ms -> "
            + ("met" if all(r.timer.p50_ms < TARGET_MS for r in self.pages) else "NOT met"),
        ]
        return "\n".join(lines)

    @staticmethod
    def _line(r: Row) -> str:
        t = r.timer
        return (
            f"    {r.name:<34} p50 {t.p50_ms:7.2f} ms  p99 {t.percentile_ms(0.99):7.2f} ms"
            f"  {r.queries:3d} queries"
        )


def like_scan(market_code: str, query: str = "", category: str = "") -> tuple[list[int], int]:
    """The storefront_search of issue 1, kept here as the baseline."""
    listings = visible_listings(market_code)
    if category:
        listings = listings.filter(product__category=category)
    for term in query.lower().split():
        listings = listings.filter(product__search_text__contains=term)
    total = listings.count()
    page = list(
        listings.select_related("product", "variant", "merchant").order_by("product_id", "pk")[:24]
    )
    return [x.pk for x in page], total


def ensure_demo(scale: float) -> None:
    """Bring the database up like `serve` (an empty one too: schema first) and seed the demo
    at this scale when it has no catalog yet."""
    platform_prepare(io.StringIO(), demo=False)
    if not Product.objects.exists():
        call_command("seed_demo", scale=scale, verbosity=0)


def _measure(name: str, fn: Callable[[], object], n: int) -> Row:
    for _ in range(3):
        fn()
    _result, queries = count_queries(fn)
    timer = Timer()
    for _ in range(n):
        timer.time(fn)
    return Row(name, timer, queries)


def _get(client: Client, url: str, language: str) -> Callable[[], object]:
    cookies = {settings.LANGUAGE_COOKIE_NAME: language}

    def fetch() -> object:
        client.cookies.load(cookies)
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
        return response

    return fetch


def _pages(n: int) -> list[Row]:
    listing_id = storefront_search(market_code="CN", query="奶粉", limit=1)[0][0].pk
    client = Client()
    pages = [
        ("home /cn/", "/cn/", "zh-hans"),
        ("search /cn/search/?q=奶粉", f"/cn/search/?q={quote('奶粉')}", "zh-hans"),
        ("search ?q=manuka honey (en)", "/cn/search/?q=manuka%20honey", "en"),
        ("product /cn/p/<id>/", f"/cn/p/{listing_id}/", "zh-hans"),
        ("category /cn/c/dairy/", "/cn/c/dairy/", "zh-hans"),
    ]
    return [_measure(name, _get(client, url, lang), n) for name, url, lang in pages]


READS: list[tuple[str, str, str]] = [
    ("browse CN", "", ""),
    ("search 奶粉", "奶粉", ""),
    ("search manuka honey", "manuka honey", ""),
    ("category dairy", "", "dairy"),
]


def run(*, scale: float = 1.0, requests: int = 50) -> WebBench:
    with suppress(RuntimeError):  # already set up under pytest
        setup_test_environment()  # the test Client's host and in-memory e-mail, nothing else
    ensure_demo(scale)
    bench = WebBench(
        products=Product.objects.count(),
        listings=Listing.objects.count(),
        requests=requests,
        machine=machine(),
    )
    bench.pages = _pages(requests)
    for name, query, category in READS:
        index_read = partial(storefront_search, market_code="CN", query=query, category=category)
        bench.selectors.append(_measure(name, index_read, requests))
        scan = partial(like_scan, "CN", query, category)
        bench.baseline.append(_measure(name, scan, max(5, requests // 5)))
    return bench
