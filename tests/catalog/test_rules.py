from decimal import Decimal

import pytest

from tradelane.catalog.rules import HsCodeInvalid, apply_rounding, derived_price, hs_code_clean
from tradelane.core.money import Money


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("0402.21.00", "04022100"), ("190110", "190110"), ("2204 21 0000", "2204210000")],
)
def test_hs_codes_are_compacted(raw: str, clean: str) -> None:
    assert hs_code_clean(raw) == clean


@pytest.mark.parametrize("raw", ["0402.2", "ABCDEF", "770000", "9900000", "1234567"])
def test_bad_hs_codes_are_refused(raw: str) -> None:
    with pytest.raises(HsCodeInvalid):
        hs_code_clean(raw)


@pytest.mark.parametrize(
    ("rule", "amount", "expected"),
    [
        ("exact", "123.455", "123.46"),
        ("whole", "123.50", "124.00"),
        ("charm_99", "122.50", "122.99"),
        ("charm_99", "123.00", "123.99"),
        ("charm_99", "122.99", "122.99"),
        ("ends_in_8", "121.30", "128.00"),
        ("ends_in_8", "128.00", "128.00"),
        ("ends_in_8", "128.01", "138.00"),
    ],
)
def test_named_rounding_rules(rule: str, amount: str, expected: str) -> None:
    assert apply_rounding(Money(Decimal(amount), "CNY"), rule).amount == Decimal(expected)


def test_derived_price_converts_marks_up_and_rounds() -> None:
    price = derived_price(Money.of("40.00", "AUD"), Decimal("4.6453"), 2000, "CNY", "ends_in_8")
    # 40 x 4.6453 x 1.2 = 222.97 -> up to 228
    assert price == Money.of("228", "CNY")
