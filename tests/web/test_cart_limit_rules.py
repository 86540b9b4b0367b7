"""The cart's CBEC limit warnings as a pure rule: per seller (one order each) and per year."""

from __future__ import annotations

from tradelane.core.money import Money
from tradelane.customs.cart_limits import SellerGoods, cbec_cart_warnings


def cny(amount: str) -> Money:
    return Money.of(amount, "CNY")


LIMITS = {"per_order_limit": cny("5000"), "annual_limit": cny("26000")}


def test_a_seller_over_the_order_limit_is_warned_with_what_to_remove() -> None:
    sellers = [
        SellerGoods("Honey Co", cny("5200"), False),
        SellerGoods("Wine Co", cny("900"), False),
    ]
    [warning] = cbec_cart_warnings(sellers, annual_used=cny("0"), **LIMITS)
    assert (warning.kind, warning.seller) == ("cbec_order", "Honey Co")
    assert warning.remove_at_least == cny("200")
    assert warning.limit == cny("5000")


def test_exactly_at_the_limit_and_one_indivisible_item_are_not_warned() -> None:
    at_limit = [SellerGoods("Honey Co", cny("5000"), False)]
    one_item = [SellerGoods("Opal Co", cny("7000"), True)]  # may clear, taxed in full
    assert cbec_cart_warnings(at_limit, annual_used=cny("0"), **LIMITS) == []
    assert cbec_cart_warnings(one_item, annual_used=cny("0"), **LIMITS) == []


def test_the_annual_limit_counts_every_seller_and_what_was_used() -> None:
    sellers = [SellerGoods("A", cny("1500"), False), SellerGoods("B", cny("1500"), False)]
    [warning] = cbec_cart_warnings(sellers, annual_used=cny("24000"), **LIMITS)
    assert warning.kind == "cbec_annual"
    assert warning.left_this_year == cny("2000")
    assert warning.remove_at_least == cny("1000")


def test_a_buyer_already_past_the_year_has_nothing_left_not_a_negative() -> None:
    [warning] = cbec_cart_warnings(
        [SellerGoods("A", cny("10"), False)], annual_used=cny("26000"), **LIMITS
    )
    assert warning.left_this_year == cny("0")
    assert warning.remove_at_least == cny("10")


def test_an_empty_cart_has_no_warnings() -> None:
    assert cbec_cart_warnings([], annual_used=cny("30000"), **LIMITS) == []
