"""Filing periods, the tax return's netting and carried items, and a leg's cost."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from tradelane.payments import remittance_rules as rules
from tradelane.payments.remittance_rules import REFUND, SALE, TaxItem

AT = datetime(2026, 11, 5, tzinfo=UTC)


def test_a_quarter_starts_at_midnight_where_the_authority_is() -> None:
    q4 = rules.parse_period("2026-Q4")
    assert (q4.first, q4.after) == (date(2026, 10, 1), date(2027, 1, 1))
    start, end = q4.bounds("Australia/Sydney")  # AEDT (+11) from the first Sunday of October
    assert start == datetime(2026, 9, 30, 14, 0, tzinfo=UTC)
    assert end == datetime(2026, 12, 31, 13, 0, tzinfo=UTC)
    start, _end = q4.bounds("Pacific/Auckland")  # NZDT (+13) since late September
    assert start == datetime(2026, 9, 30, 11, 0, tzinfo=UTC)
    assert rules.parse_period("2026-Q1").bounds("Asia/Singapore")[0] == datetime(
        2025, 12, 31, 16, 0, tzinfo=UTC
    )


def test_months_and_bad_labels() -> None:
    dec = rules.parse_period("2026-12")
    assert (dec.kind, dec.first, dec.after) == ("month", date(2026, 12, 1), date(2027, 1, 1))
    for bad in ("2026-13", "2026-Q5", "26-11", "2026-11-01", ""):
        with pytest.raises(rules.PeriodInvalid):
            rules.parse_period(bad)


def test_the_last_closed_period_depends_on_the_local_date() -> None:
    # 31 December 14:00 UTC is already 1 January in Sydney: Q4 has closed there, not in UTC
    moment = datetime(2026, 12, 31, 14, 0, tzinfo=UTC)
    assert rules.last_closed_period(moment, "quarter", "Australia/Sydney").label == "2026-Q4"
    assert rules.last_closed_period(moment, "quarter", "UTC").label == "2026-Q3"
    assert rules.last_closed_period(moment, "month", "UTC").label == "2026-11"


def test_every_authority_has_a_zone_a_currency_and_a_period() -> None:
    found = rules.authorities()
    assert {(a.market, a.currency) for a in found.values()} == {
        ("AU", "AUD"),
        ("NZ", "NZD"),
        ("SG", "SGD"),
        ("MY", "MYR"),
    }
    for a in found.values():
        assert a.period in ("month", "quarter")
        a_period = rules.parse_period("2026-Q1" if a.period == "quarter" else "2026-01")
        a_period.bounds(a.time_zone)


def item(kind: str, tax: int, value: int = 0, earlier: bool = False) -> TaxItem:
    return TaxItem(f"t{tax}{kind}", kind, "TL1", tax, value, AT, earlier)


def test_refunds_in_the_period_reduce_the_tax_owed() -> None:
    figures = rules.tax_return(
        [item(SALE, 1000, 10000), item(SALE, 500, 5000), item(REFUND, 200, 2000)]
    )
    assert (figures.supplies_count, figures.supplies_value_minor) == (2, 15000)
    assert (figures.tax_collected_minor, figures.refunds_tax_minor) == (1500, 200)
    assert (figures.net_minor, figures.payable_minor, figures.credit_out_minor) == (1300, 1300, 0)


def test_late_items_are_adjustments_and_a_credit_is_carried_both_ways() -> None:
    figures = rules.tax_return(
        [item(SALE, 300, 3000), item(REFUND, 900, 9000, earlier=True)], credit_in_minor=100
    )
    assert (figures.adjustments_count, figures.adjustments_tax_minor) == (1, -900)
    assert figures.supplies_count == 1
    assert figures.refunds_count == 0
    assert (figures.net_minor, figures.payable_minor, figures.credit_out_minor) == (-700, 0, 700)
    late_sale = rules.tax_return([item(SALE, 40, earlier=True)], credit_in_minor=0)
    assert (late_sale.supplies_count, late_sale.adjustments_tax_minor, late_sale.payable_minor) == (
        0,
        40,
        40,
    )
    assert rules.tax_return([]).payable_minor == 0


def test_a_leg_costs_its_parcel_price_plus_its_weight_half_up() -> None:
    assert rules.leg_cost_minor(per_parcel_minor=120, per_kg_minor=35, weight_g=1500) == 173  # 52.5
    assert rules.leg_cost_minor(per_parcel_minor=120, per_kg_minor=35, weight_g=1) == 120
    assert rules.convert_minor(1000, rate=Decimal("4.6512"), minor_factor=Decimal(1)) == 4651
    assert rules.convert_minor(1000, rate=Decimal("0.5"), minor_factor=Decimal(100)) == 50000
