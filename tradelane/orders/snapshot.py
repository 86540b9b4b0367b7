"""The stored form of a quote: integers in minor units, so placing needs no re-pricing.

The snapshot is JSON in `CheckoutQuote.snapshot`; these TypedDicts are its shape, so the code
that writes it and every reader (placing, the API, the checkout page) agree and mypy checks them.
Keys marked NotRequired are absent from quotes stored before they existed, or optional."""

# No `from __future__ import annotations` here: TypedDict must see NotRequired itself.
from typing import TYPE_CHECKING, NotRequired, TypedDict, cast

from tradelane.markets.models import FxQuote
from tradelane.orders.rules import Quote, QuotedGroup, QuotedLine

if TYPE_CHECKING:
    from tradelane.orders.models import CheckoutQuote


class LineSnapshot(TypedDict):
    listing_id: int
    variant_id: int
    sku: str
    name: str
    name_en: str
    name_zh_hans: str
    hs_code: str
    quantity: int
    unit_price_minor: int
    goods_minor: int
    shipping_minor: int
    tax_minor: int
    temperature_class: str
    # what the line was charged against: reports and refunds read these, never today's price
    list_price_minor: NotRequired[int]
    campaign_code: NotRequired[str]
    flash_claim_ids: NotRequired[list[int]]
    voucher_discount_minor: NotRequired[int]


class TaxSnapshot(TypedDict):
    """`customs.rules.TaxResult.as_dict()`: also kept on each order as `Order.tax_detail`."""

    regime: str
    treatment: str
    total_minor: int
    dutiable_value_minor: int
    currency: str
    payable_to: str


class GroupSnapshot(TypedDict):
    """One merchant's part of the quote: it becomes one order."""

    merchant_id: int
    merchant_name: str
    settlement_currency: str
    goods_minor: int
    shipping_minor: int
    tax_minor: int
    total_minor: int
    transit_days: int
    tax: TaxSnapshot
    fx_quote_id: int
    fx_rate: str  # the locked rate, as a decimal string
    lines: list[LineSnapshot]


class ChinaSnapshot(TypedDict):
    bonded_required: list[int]  # variant ids that must ship from bonded stock (fresh goods)
    province: str  # shipping and tax were priced for delivery here


class VoucherSnapshot(TypedDict):
    id: int
    code: str
    discount_minor: int


class QuoteSnapshot(TypedDict):
    currency: str
    goods_minor: int
    shipping_minor: int
    tax_minor: int
    total_minor: int
    groups: list[GroupSnapshot]
    cn: NotRequired[ChinaSnapshot]  # China checkouts only
    voucher: NotRequired[VoucherSnapshot]


def snapshot_of(quote: "CheckoutQuote") -> QuoteSnapshot:
    """The quote's stored snapshot, typed (the JSON column itself is untyped)."""
    return cast(QuoteSnapshot, quote.snapshot)


def _line(line: QuotedLine) -> LineSnapshot:
    item = line.item
    return {
        "listing_id": item.listing_id,
        "variant_id": item.variant_id,
        "sku": item.sku,
        "name": item.name,
        "name_en": item.name_en,
        "name_zh_hans": item.name_zh_hans,
        "hs_code": item.hs_code,
        "quantity": item.quantity,
        "unit_price_minor": item.unit_price.minor,
        "goods_minor": line.goods.minor,
        "shipping_minor": line.shipping.minor,
        "tax_minor": line.tax.minor,
        "temperature_class": item.temperature_class,
        "list_price_minor": (item.list_price or item.unit_price).minor,
        "campaign_code": item.campaign_code,
        "flash_claim_ids": list(item.flash_claim_ids),
        "voucher_discount_minor": item.voucher_discount.minor if item.voucher_discount else 0,
    }


def _group(group: QuotedGroup, fx: FxQuote) -> GroupSnapshot:
    return {
        "merchant_id": group.merchant_id,
        "merchant_name": group.merchant_name,
        "settlement_currency": group.settlement_currency,
        "goods_minor": group.goods.minor,
        "shipping_minor": group.shipping.minor,
        "tax_minor": group.tax.minor,
        "total_minor": group.total.minor,
        "transit_days": group.transit_days,
        "tax": cast(TaxSnapshot, group.tax_result.as_dict()),
        "fx_quote_id": fx.pk,
        "fx_rate": str(fx.rate),
        "lines": [_line(line) for line in group.lines],
    }


def quote_to_snapshot(quote: Quote, fx_quotes: dict[str, FxQuote]) -> QuoteSnapshot:
    return {
        "currency": quote.currency,
        "goods_minor": quote.goods.minor,
        "shipping_minor": quote.shipping.minor,
        "tax_minor": quote.tax.minor,
        "total_minor": quote.total.minor,
        "groups": [_group(g, fx_quotes[g.settlement_currency]) for g in quote.groups],
    }
