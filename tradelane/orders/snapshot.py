"""The stored form of a quote: integers in minor units, so placing needs no re-pricing."""

from __future__ import annotations

from typing import Any

from tradelane.markets.models import FxQuote
from tradelane.orders.rules import Quote, QuotedGroup, QuotedLine


def _line(line: QuotedLine) -> dict[str, Any]:
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
        # what the line was charged against: reports and refunds read these, never today's price
        "list_price_minor": (item.list_price or item.unit_price).minor,
        "campaign_code": item.campaign_code,
        "flash_claim_ids": list(item.flash_claim_ids),
        "voucher_discount_minor": item.voucher_discount.minor if item.voucher_discount else 0,
    }


def _group(group: QuotedGroup, fx: FxQuote) -> dict[str, Any]:
    return {
        "merchant_id": group.merchant_id,
        "merchant_name": group.merchant_name,
        "settlement_currency": group.settlement_currency,
        "goods_minor": group.goods.minor,
        "shipping_minor": group.shipping.minor,
        "tax_minor": group.tax.minor,
        "total_minor": group.total.minor,
        "transit_days": group.transit_days,
        "tax": group.tax_result.as_dict(),
        "fx_quote_id": fx.pk,
        "fx_rate": str(fx.rate),
        "lines": [_line(line) for line in group.lines],
    }


def quote_to_snapshot(quote: Quote, fx_quotes: dict[str, FxQuote]) -> dict[str, Any]:
    return {
        "currency": quote.currency,
        "goods_minor": quote.goods.minor,
        "shipping_minor": quote.shipping.minor,
        "tax_minor": quote.tax.minor,
        "total_minor": quote.total.minor,
        "groups": [_group(g, fx_quotes[g.settlement_currency]) for g in quote.groups],
    }
