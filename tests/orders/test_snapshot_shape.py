"""The stored quote has exactly the shape its TypedDicts declare, with the declared types, so a
writer that adds, drops or retypes a key fails here and not in a reader."""

from typing import Any, get_type_hints

import pytest

from tests import factories
from tradelane.markets.selectors import market_get
from tradelane.orders.services import cart_set_line, checkout_quote
from tradelane.orders.snapshot import (
    ChinaSnapshot,
    GroupSnapshot,
    LineSnapshot,
    QuoteSnapshot,
    TaxSnapshot,
    snapshot_of,
)

pytestmark = pytest.mark.django_db


def assert_shape(value: dict[str, Any], shape: Any) -> None:
    keys = set(value)
    assert shape.__required_keys__ <= keys, shape.__required_keys__ - keys
    assert keys <= shape.__required_keys__ | shape.__optional_keys__, keys - set(
        get_type_hints(shape)
    )
    for key, hint in get_type_hints(shape).items():
        if key in value and hint in (int, str):
            assert type(value[key]) is hint, (shape.__name__, key, value[key])


def test_a_china_quote_is_stored_as_declared() -> None:
    honey = factories.listed(factories.merchant("AU"), fixed="199.00", weight_g=600)
    buyer = factories.consumer("CN")
    cart_set_line(consumer=buyer, market_code="CN", listing_id=honey.pk, quantity=2)

    snapshot = snapshot_of(checkout_quote(consumer=buyer, market=market_get("CN")))

    assert_shape(dict(snapshot), QuoteSnapshot)
    assert_shape(dict(snapshot["cn"]), ChinaSnapshot)
    (group,) = snapshot["groups"]
    assert_shape(dict(group), GroupSnapshot)
    assert_shape(dict(group["tax"]), TaxSnapshot)
    (line,) = group["lines"]
    assert_shape(dict(line), LineSnapshot)
    assert (line["quantity"], line["goods_minor"]) == (2, 39800)


def test_the_shape_check_fails_on_a_stray_or_missing_key() -> None:
    with pytest.raises(AssertionError):
        assert_shape({"voucher_typo": 1}, LineSnapshot)
    with pytest.raises(AssertionError):
        assert_shape({"id": 1, "code": "X"}, QuoteSnapshot)
