"""Storefront search: the tokeniser (pure) and the index-backed selector (database)."""

from __future__ import annotations

from typing import Any

import pytest

from tests import factories
from tradelane.catalog import search
from tradelane.catalog.errors import ListingNotAllowed
from tradelane.catalog.models import Listing, Product, SearchTerm, StorefrontEntry, Variant
from tradelane.catalog.search_index import search_index_products, search_index_rebuild
from tradelane.catalog.selectors import storefront_search
from tradelane.catalog.services import (
    ProductInput,
    VariantInput,
    listing_upsert,
    product_create,
    product_update,
)
from tradelane.core.money import Money
from tradelane.merchants.models import Merchant
from tradelane.merchants.services import merchant_set_status

# ---------------------------------------------------------------- tokeniser (no database)


def test_chinese_queries_are_bigrams_and_english_words_are_prefixes() -> None:
    assert search.query_terms("奶粉") == [search.QueryTerm("奶粉", prefix=False)]
    assert search.query_terms("红葡萄酒") == [
        search.QueryTerm("红葡", False),
        search.QueryTerm("葡萄", False),
        search.QueryTerm("萄酒", False),
    ]
    assert search.query_terms("  Manuka HONEY manuka ") == [
        search.QueryTerm("manuka", True),
        search.QueryTerm("honey", True),
    ]
    assert search.query_terms("A2奶粉") == [
        search.QueryTerm("a2", True),
        search.QueryTerm("奶粉", False),
    ]
    assert search.query_terms("!!! ，。") == []


def test_one_letter_is_exact_and_accents_fold() -> None:
    assert search.query_terms("x") == [search.QueryTerm("x", prefix=False)]
    assert search.query_terms("Mourvèdre") == [search.QueryTerm("mourvedre", True)]
    assert search.QueryTerm("manu", True).upper_bound() == "manv"


def test_a_term_keeps_the_weight_of_its_best_field() -> None:
    terms = search.document_terms(
        [("1段婴儿配方奶粉", search.NAME), ("Honey of the farm; 奶粉", search.TEXT)]
    )
    assert terms["奶粉"] == search.NAME
    assert terms["婴儿"] == search.NAME
    assert terms["奶"] == search.NAME  # titles also give single characters
    assert terms["honey"] == search.TEXT
    assert "the" not in terms
    assert "of" not in terms


# ---------------------------------------------------------------- selector over the index


def _product(m: Merchant, name_en: str, name_zh: str, **extra: Any) -> Product:
    return product_create(
        merchant=m,
        data=ProductInput(
            name_en=name_en,
            name_zh_hans=name_zh,
            brand=extra.pop("brand", "Southern Cross"),
            category=extra.pop("category", "food_beverage"),
            hs_code="04090000",
            origin_country=m.country,
            variants=[
                VariantInput(
                    sku=f"S-{abs(hash(name_en)) % 10**8}",
                    name_en="one",
                    price=Money.of("30.00", m.settlement_currency),
                    weight_g=500,
                    length_mm=90,
                    width_mm=90,
                    height_mm=120,
                )
            ],
            **extra,
        ),
    )


def _list(m: Merchant, p: Product, market: str = "CN", active: bool = True) -> Listing:
    return listing_upsert(
        merchant=m,
        variant_id=p.variants.get().pk,
        market_code=market,
        pricing_mode="derived",
        active=active,
    )


@pytest.fixture
def shelf(db: None) -> dict[str, Listing]:
    m = factories.merchant("AU")
    items = {
        "formula": _product(
            m, "Stage 1 Infant Formula 800g", "1段婴儿配方奶粉 800克", category="mother_baby"
        ),
        "wine": _product(
            m, "Barossa Shiraz 2021 750ml", "巴罗萨西拉红酒 2021 750毫升", category="wine"
        ),
        "cream": _product(m, "Lanolin Cream 100g", "绵羊油面霜 100克", category="cosmetics"),
        "honey": _product(m, "Manuka Honey MGO 263+ 500g", "麦卢卡蜂蜜 500克"),
        "soap": _product(
            m,
            "Goat Milk Soap",
            "羊奶皂",
            category="cosmetics",
            description_en="Gentle soap with a touch of manuka honey.",
        ),
    }
    return {key: _list(m, p) for key, p in items.items()}


def _found(query: str, **kw: Any) -> tuple[list[int], int]:
    page, total = storefront_search(market_code="CN", query=query, **kw)
    return [listing.pk for listing in page], total


def test_chinese_queries_find_their_products(shelf: dict[str, Listing]) -> None:
    assert _found("奶粉") == ([shelf["formula"].pk], 1)
    assert _found("红酒") == ([shelf["wine"].pk], 1)
    assert _found("面霜") == ([shelf["cream"].pk], 1)
    assert _found("葡萄酒") == ([shelf["wine"].pk], 1)  # the category's Chinese name
    assert _found("婴儿 奶粉") == ([shelf["formula"].pk], 1)
    assert _found("奶酒") == ([], 0)


def test_english_words_and_prefixes_rank_title_hits_first(shelf: dict[str, Listing]) -> None:
    honey, soap = shelf["honey"].pk, shelf["soap"].pk
    assert _found("manuka honey") == ([honey, soap], 2)  # soap says so only in its description
    assert _found("HONEY Manu") == ([honey, soap], 2)
    assert _found("manu", category="cosmetics") == ([soap], 1)
    assert _found("shiraz 2021") == ([shelf["wine"].pk], 1)
    assert _found("zzz") == ([], 0)


def test_browsing_pages_through_the_whole_market(shelf: dict[str, Listing]) -> None:
    everything, total = _found("")
    assert total == 5
    assert sorted(everything) == sorted(x.pk for x in shelf.values())
    first, _t = _found("", limit=2)
    rest, total_again = storefront_search(market_code="CN", limit=10, offset=2)
    assert first + [x.pk for x in rest] == everything
    assert total_again == 5
    assert _found("", category="cosmetics")[1] == 2
    assert storefront_search(market_code="AU") == ([], 0)
    assert storefront_search(market_code="CN", query="manu", offset=50) == ([], 2)


def test_a_paused_listing_disappears_and_comes_back(shelf: dict[str, Listing]) -> None:
    wine = shelf["wine"]
    _list(Merchant.objects.get(pk=wine.merchant_id), wine.product, active=False)
    assert _found("红酒") == ([], 0)
    assert _found("")[1] == 4
    _list(Merchant.objects.get(pk=wine.merchant_id), wine.product, active=True)
    assert _found("红酒") == ([wine.pk], 1)


def test_an_archived_product_disappears(shelf: dict[str, Listing]) -> None:
    formula = shelf["formula"]
    product_update(
        merchant=formula.merchant, product_id=formula.product_id, changes={"status": "archived"}
    )
    assert _found("奶粉") == ([], 0)
    assert not StorefrontEntry.objects.filter(product_id=formula.product_id).exists()


def test_a_suspended_merchant_disappears_at_once(shelf: dict[str, Listing]) -> None:
    m = shelf["honey"].merchant
    merchant_set_status(merchant=m, to_status="suspended", actor=factories.operator(), reason="t")
    assert _found("") == ([], 0)
    assert _found("manuka") == ([], 0)


def test_an_inactive_variant_never_shows_even_before_reindexing(
    shelf: dict[str, Listing],
) -> None:
    cream = shelf["cream"]
    Variant.objects.filter(pk=cream.variant_id).update(is_active=False)  # as the admin does
    assert _found("面霜")[0] == []  # the page re-checks visibility
    search_index_products([cream.product_id])
    assert _found("面霜") == ([], 0)


def test_renaming_a_product_replaces_its_terms(shelf: dict[str, Listing]) -> None:
    honey = shelf["honey"]
    product_update(
        merchant=honey.merchant,
        product_id=honey.product_id,
        changes={"name_en": "Clover Honey 500g", "name_zh_hans": "三叶草蜂蜜 500克"},
    )
    assert _found("三叶草") == ([honey.pk], 1)
    assert _found("麦卢卡") == ([], 0)
    assert _found("manuka") == ([shelf["soap"].pk], 1)  # still in the soap's description


def test_a_refused_listing_leaves_the_index_as_it_was(shelf: dict[str, Listing]) -> None:
    m = shelf["honey"].merchant
    untranslated = _product(m, "Plain Oats 1kg", "")
    before = (SearchTerm.objects.count(), StorefrontEntry.objects.count())
    with pytest.raises(ListingNotAllowed):
        _list(m, untranslated)
    assert (SearchTerm.objects.count(), StorefrontEntry.objects.count()) == before
    assert _found("oats") == ([], 0)


def test_a_rebuild_gives_the_same_index(shelf: dict[str, Listing]) -> None:
    def snapshot() -> tuple[set[tuple[int, str, int]], set[tuple[int, str, int, int]]]:
        terms = set(SearchTerm.objects.values_list("product_id", "term", "weight"))
        entries = set(
            StorefrontEntry.objects.values_list(
                "listing_id", "market_id", "product_id", "merchant_id"
            )
        )
        return terms, entries

    before = snapshot()
    search_index_rebuild()
    assert snapshot() == before
    assert _found("红酒") == ([shelf["wine"].pk], 1)


def test_pausing_listings_in_the_admin_takes_them_out_of_search(
    shelf: dict[str, Listing], admin_client: Any
) -> None:
    wine = shelf["wine"]
    response = admin_client.post(
        "/admin/catalog/listing/", {"action": "pause", "_selected_action": [wine.pk]}
    )
    assert response.status_code == 302
    assert _found("红酒") == ([], 0)
    assert _found("")[1] == 4
