"""CN CBEC and low-value GST rules against the worked figures in shared/REFERENCE.md."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradelane.core.money import Money
from tradelane.customs.config import CbecConfig, GstConfig, regime_in_force
from tradelane.customs.rules import (
    ImportRefused,
    TaxLine,
    cbec_combined_rate,
    cbec_order_tax,
    full_import_rate,
    low_value_gst,
)


def _cbec() -> CbecConfig:
    config = regime_in_force("cn_cbec", date(2026, 11, 21))
    assert isinstance(config, CbecConfig)
    return config


CBEC = _cbec()


def cny(amount: str) -> Money:
    return Money.of(amount, "CNY")


def line(goods: str, freight: str = "0", qty: int = 1, tax_class: str = "standard") -> TaxLine:
    return TaxLine(goods=cny(goods), freight=cny(freight), quantity=qty, tax_class=tax_class)


@pytest.mark.parametrize(
    ("vat", "ct", "expected"),
    [("0.13", "0", "0.0910"), ("0.09", "0", "0.0630"), ("0.13", "0.15", "0.2306")],
)
def test_combined_rates_match_the_worked_figures(vat: str, ct: str, expected: str) -> None:
    rate = cbec_combined_rate(Decimal(vat), Decimal(ct))
    assert rate.quantize(Decimal("0.0001")) == Decimal(expected)


def test_tax_is_on_goods_plus_freight_rounded_half_up_to_the_fen() -> None:
    result = cbec_order_tax([line("199.00", "68.00")], CBEC)
    # (199 + 68) x 9.1 % = 24.297 -> 24.30
    assert result.total == cny("24.30")
    assert result.dutiable_value == cny("267.00")
    assert result.treatment == "cbec_within_limits"


def test_tax_is_rounded_per_line() -> None:
    result = cbec_order_tax([line("10.05"), line("10.05")], CBEC)
    # each line 10.05 x 9.1 % = 0.914550 -> 0.91; per-order rounding would give 1.83
    assert [t.minor for t in result.taxes] == [91, 91]
    assert result.total == cny("1.82")


def test_exactly_the_per_order_limit_is_allowed() -> None:
    assert cbec_order_tax([line("2500.00", qty=2), line("2500.00", qty=2)], CBEC).total > cny("0")


def test_one_fen_over_the_per_order_limit_is_refused_for_several_items() -> None:
    with pytest.raises(ImportRefused) as refused:
        cbec_order_tax([line("2500.00", qty=2), line("2500.01", qty=2)], CBEC)
    assert refused.value.code == "cbec_order_limit_exceeded"


def test_single_indivisible_item_over_the_limit_pays_full_tax() -> None:
    result = cbec_order_tax([line("6000.00")], CBEC)
    rates = CBEC.tax_classes["standard"]
    expected = cny(
        str(Decimal("6000.00") * full_import_rate(rates.vat, rates.consumption_tax, rates.tariff))
    )
    assert result.treatment == "cbec_single_item_full_tax"
    assert result.total == expected
    assert result.total > cny("6000.00") * Decimal("0.091")


def test_annual_limit_edges() -> None:
    used = cny("21000.00")
    assert cbec_order_tax([line("5000.00")], CBEC, annual_used=used).total == cny("455.00")
    with pytest.raises(ImportRefused) as refused:
        cbec_order_tax([line("5000.01")], CBEC, annual_used=used)
    assert refused.value.code == "cbec_annual_limit_exceeded"


def test_single_item_over_the_annual_limit_is_refused() -> None:
    with pytest.raises(ImportRefused) as refused:
        cbec_order_tax([line("8000.00")], CBEC, annual_used=cny("20000.00"))
    assert refused.value.code == "cbec_annual_limit_exceeded"


def test_high_end_cosmetics_rate() -> None:
    result = cbec_order_tax([line("1000.00", tax_class="cosmetics_high_end")], CBEC)
    assert result.total == cny("230.59")


@given(
    a=st.integers(min_value=1, max_value=500_000),
    b=st.integers(min_value=1, max_value=500_000),
    tax_class=st.sampled_from(["standard", "agricultural", "cosmetics_high_end", "wine"]),
)
def test_tax_is_non_negative_bounded_and_monotonic(a: int, b: int, tax_class: str) -> None:
    low, high = sorted((a, b))
    rates = CBEC.tax_classes[tax_class]

    def tax(minor: int) -> Money:
        return cbec_order_tax(
            [TaxLine(Money.from_minor(minor, "CNY"), cny("0"), 1, tax_class)], CBEC
        ).total

    assert tax(low) >= cny("0")
    assert tax(low) <= tax(high)
    full = Money.from_minor(high, "CNY") * full_import_rate(
        rates.vat, rates.consumption_tax, rates.tariff
    )
    assert tax(high) <= full.rounded()


def test_au_gst_collected_at_or_under_the_threshold() -> None:
    gst = regime_in_force("au_gst", date(2026, 11, 21))
    assert isinstance(gst, GstConfig)
    aud = lambda s: Money.of(s, "AUD")  # noqa: E731
    collected = low_value_gst("au_gst", [TaxLine(aud("1000.00"), aud("15.00"), 1)], gst)
    assert collected.total == aud("101.50")
    assert collected.payable_to == "Australian Taxation Office"
    above = low_value_gst("au_gst", [TaxLine(aud("1000.01"), aud("15.00"), 1)], gst)
    assert above.total == aud("0.00")
    assert above.treatment == "above_threshold_collected_at_border"


def test_rates_are_dated_configuration() -> None:
    before = regime_in_force("sg_gst", date(2023, 6, 1))
    after = regime_in_force("sg_gst", date(2024, 6, 1))
    assert isinstance(before, GstConfig)
    assert isinstance(after, GstConfig)
    assert (before.rate, after.rate) == (Decimal("0.08"), Decimal("0.09"))
    with pytest.raises(LookupError):
        regime_in_force("nz_gst", date(2019, 1, 1))
