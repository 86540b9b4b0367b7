"""The merchant's listings table is paged and filtered (market, status, name or SKU), and the
filter is kept when the merchant turns the page."""

from __future__ import annotations

from html import unescape

import pytest
from django.test import Client

from tests import factories
from tradelane.catalog.models import Listing
from tradelane.merchants.models import Merchant
from tradelane.web.views import merchant_catalog

pytestmark = pytest.mark.django_db
ROW = 'data-testid="listing-row"'


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(merchant_catalog, "LISTINGS_PAGE_SIZE", 4)
    return 4


def signed_in(merchant: Merchant) -> Client:
    client = Client()
    assert client.login(username=merchant.contact_email, password=factories.PASSWORD)
    return client


def _catalogue() -> Merchant:
    """Six listings in China, two in Australia (one paused), and another merchant's listing."""
    merchant = factories.merchant()
    for n in range(6):
        factories.listed(merchant, "CN", sku=f"CN-{n:02}")
    factories.listed(merchant, "AU", sku="AU-JAR")
    paused = factories.listed(merchant, "AU", sku="AU-PAUSED")
    Listing.objects.filter(pk=paused.pk).update(status="paused")
    factories.listed(factories.merchant(), "CN", sku="OTHER-01")
    return merchant


def test_the_listings_page_shows_at_most_one_page_of_rows(small_pages: int) -> None:
    page = signed_in(_catalogue()).get("/merchant/listings/")
    assert page.status_code == 200
    assert page.content.decode().count(ROW) == small_pages
    assert page.context["page"].paginator.count == 8  # never the other merchant's listing
    assert "?page=2" in unescape(page.content.decode())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"market": "AU"}, {"AU-JAR", "AU-PAUSED"}),
        ({"status": "paused"}, {"AU-PAUSED"}),
        ({"market": "AU", "status": "active"}, {"AU-JAR"}),
        ({"q": "cn-03"}, {"CN-03"}),
        ({"q": "OTHER"}, set()),
    ],
)
def test_filters_narrow_the_listings(
    small_pages: int, query: dict[str, str], expected: set[str]
) -> None:
    page = signed_in(_catalogue()).get("/merchant/listings/", query)
    assert page.status_code == 200
    shown = {listing.variant.sku for listing in page.context["page"].object_list}
    assert shown == expected
    assert page.content.decode().count(ROW) == len(expected)


def test_a_search_by_product_name_finds_its_listings(small_pages: int) -> None:
    merchant = _catalogue()
    name = Listing.objects.filter(merchant=merchant, variant__sku="CN-02").get().product.name_en
    page = signed_in(merchant).get("/merchant/listings/", {"q": name.lower()})
    assert [lst.variant.sku for lst in page.context["page"].object_list] == ["CN-02"]


def test_page_two_keeps_the_filter(small_pages: int) -> None:
    client = signed_in(_catalogue())
    first = unescape(client.get("/merchant/listings/", {"market": "CN"}).content.decode())
    assert "?market=CN&page=2" in first
    second = client.get("/merchant/listings/", {"market": "CN", "page": "2"})
    assert second.status_code == 200
    skus = [lst.variant.sku for lst in second.context["page"].object_list]
    assert len(skus) == 2
    assert all(sku.startswith("CN-") for sku in skus)
    assert second.content.decode().count(ROW) == 2


def test_an_unknown_filter_value_shows_everything_rather_than_failing(small_pages: int) -> None:
    page = signed_in(_catalogue()).get("/merchant/listings/", {"market": "XX", "page": "99"})
    assert page.status_code == 200
    assert page.context["page"].paginator.count == 8
