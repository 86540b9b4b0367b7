"""Pure campaign rules: eligibility, rounding to price points, best price, voucher shares."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradelane.campaigns import rules
from tradelane.core.money import Money


def facts(**kw: object) -> rules.ListingFacts:
    base: dict[str, object] = {
        "listing_id": 1,
        "merchant_id": 7,
        "market": "CN",
        "origin_country": "AU",
        "origin_region": "Tasmania",
        "category": "meat_seafood",
        "temperature_class": "chilled",
        "price_minor": 19900,
        "currency": "CNY",
    }
    base.update(kw)
    return rules.ListingFacts(**base)  # type: ignore[arg-type]


def terms(**kw: object) -> rules.CampaignTerms:
    base: dict[str, object] = {
        "code": "ffw",
        "eligibility": rules.Eligibility(),
        "merchant_ids": frozenset({7}),
        "discount_kind": "percent_off",
        "percent_off": Decimal(15),
        "rounding": "exact",
        "fixed_prices": {},
    }
    base.update(kw)
    return rules.CampaignTerms(**base)  # type: ignore[arg-type]


def test_the_status_table() -> None:
    assert rules.can_transition("draft", "scheduled")
    assert rules.can_transition("live", "ended")
    assert not rules.can_transition("ended", "live")
    assert not rules.can_transition("cancelled", "scheduled")


def test_the_window_is_half_open() -> None:
    from datetime import UTC, datetime

    start, end = datetime(2026, 9, 1, tzinfo=UTC), datetime(2026, 9, 8, tzinfo=UTC)
    assert rules.in_window(start, end, start)
    assert not rules.in_window(start, end, end)


@pytest.mark.parametrize(
    ("rule", "ok"),
    [
        (rules.Eligibility(), True),
        (rules.Eligibility(markets=("CN",), origin_countries=("AU", "NZ")), True),
        (rules.Eligibility(markets=("AU",)), False),
        (rules.Eligibility(origin_countries=("NZ",)), False),
        (rules.Eligibility(origin_regions=("tasmania",)), True),  # regions match without case
        (rules.Eligibility(origin_regions=("Victoria",)), False),
        (rules.Eligibility(categories=("dairy",)), False),
        (rules.Eligibility(temperature_classes=("chilled", "frozen")), True),
        (rules.Eligibility(temperature_classes=("ambient",)), False),
    ],
)
def test_eligibility(rule: rules.Eligibility, ok: bool) -> None:
    assert rules.is_eligible(rule, facts()) is ok


@pytest.mark.parametrize(
    ("amount", "rule", "expected"),
    [
        ("169.15", "exact", "169.15"),
        ("169.15", "down_whole", "169.00"),
        ("169.15", "down_charm_99", "168.99"),
        ("169.995", "down_charm_99", "169.99"),
        ("169.15", "down_ends_in_8", "168.00"),
        ("178.00", "down_ends_in_8", "178.00"),
    ],
)
def test_rounding_to_price_points_never_goes_up(amount: str, rule: str, expected: str) -> None:
    rounded = rules.round_down_to_price_point(Money(Decimal(amount), "CNY"), rule)
    assert rounded == Money.of(expected, "CNY")


@given(
    price=st.integers(min_value=1, max_value=10_000_000),
    percent=st.integers(min_value=1, max_value=99),
    rounding=st.sampled_from(["exact", "down_whole", "down_charm_99", "down_ends_in_8"]),
)
def test_a_campaign_price_is_below_the_listing_price_and_positive(
    price: int, percent: int, rounding: str
) -> None:
    found = rules.percent_off_price(Money.from_minor(price, "CNY"), Decimal(percent), rounding)
    if found is not None:
        assert 0 < found.minor < price
        exact = Money.from_minor(price, "CNY").amount * (100 - percent) / 100
        if rounding != "exact":  # the named price points round down: never a smaller discount
            assert found.amount <= exact


def test_fifteen_percent_off_with_charm_pricing() -> None:
    assert rules.campaign_price(terms(rounding="down_charm_99"), facts()) == 16899  # 169.15


def test_only_opted_in_merchants_and_eligible_listings_take_the_price() -> None:
    assert rules.campaign_price(terms(merchant_ids=frozenset({8})), facts()) is None
    assert (
        rules.campaign_price(terms(eligibility=rules.Eligibility(markets=("AU",))), facts()) is None
    )


def test_a_fixed_price_campaign_prices_only_the_listings_it_names() -> None:
    fixed = terms(discount_kind="fixed_price", fixed_prices={1: 12800})
    assert rules.campaign_price(fixed, facts()) == 12800
    assert rules.campaign_price(fixed, facts(listing_id=2)) is None
    assert rules.campaign_price(terms(fixed_prices={1: 25000}), facts()) is None  # not a discount


def test_the_lowest_campaign_wins() -> None:
    prices = rules.best_prices(
        [terms(code="a", percent_off=Decimal(10)), terms(code="b", percent_off=Decimal(20))],
        [facts(), facts(listing_id=2, merchant_id=9)],
    )
    assert list(prices) == [1]
    assert prices[1].campaign_code == "b"
    assert prices[1].price_minor == 15920
    assert prices[1].list_price_minor == 19900


def voucher(**kw: object) -> rules.VoucherTerms:
    base: dict[str, object] = {
        "code": "FRESH20",
        "kind": "amount",
        "amount_minor": 2000,
        "percent": Decimal(0),
        "min_spend_minor": 10000,
        "currency": "CNY",
    }
    base.update(kw)
    return rules.VoucherTerms(**base)  # type: ignore[arg-type]


def test_a_voucher_is_shared_by_value_and_adds_up_exactly() -> None:
    lines = [
        rules.VoucherLine(1, 10000, True),
        rules.VoucherLine(2, 5000, True),
        rules.VoucherLine(3, 9999, False),
    ]
    shares = rules.voucher_discounts(voucher(amount_minor=1001), lines)
    assert shares == {1: 667, 2: 334}
    assert sum(shares.values()) == 1001


def test_a_percentage_voucher_rounds_down_and_never_exceeds_the_goods() -> None:
    lines = [rules.VoucherLine(1, 12345, True)]
    assert rules.voucher_discounts(voucher(kind="percent", percent=Decimal(10)), lines) == {1: 1234}
    big = voucher(amount_minor=99999, min_spend_minor=0)
    assert rules.voucher_discounts(big, lines) == {1: 12345}


def test_voucher_refusals_say_why() -> None:
    with pytest.raises(rules.VoucherNotApplicable) as below:
        rules.voucher_discounts(voucher(), [rules.VoucherLine(1, 9000, True)])
    assert below.value.code == "voucher_min_spend"
    assert below.value.needed_minor == 1000
    with pytest.raises(rules.VoucherNotApplicable) as none:
        rules.voucher_discounts(voucher(), [rules.VoucherLine(1, 90000, False)])
    assert none.value.code == "voucher_not_applicable"
