"""Order rules without the ORM: the status table and the landed-price arithmetic."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from tradelane.core.money import Money, allocate, sum_money
from tradelane.customs.rules import TaxLine, TaxResult

# Once money has moved an order ends only as `refunded` (payments.services.refunds.refund_order moves it
# back and sets the status); `canceled` is for orders nobody paid for.
TRANSITIONS: dict[str, frozenset[str]] = {
    "awaiting_payment": frozenset({"paid", "canceled", "expired"}),
    "paid": frozenset({"in_fulfilment", "refunded"}),
    "in_fulfilment": frozenset({"shipped", "refunded"}),
    "shipped": frozenset({"delivered", "refunded"}),
    "delivered": frozenset({"completed", "refunded", "return_requested"}),
    "completed": frozenset({"refunded", "return_requested"}),
    # A return: the merchant approves (a label back) or declines (completed again); the
    # parcel's arrival refunds.
    "return_requested": frozenset({"return_in_transit", "completed", "refunded"}),
    "return_in_transit": frozenset({"refunded"}),
    "canceled": frozenset(),
    "expired": frozenset(),
    "refunded": frozenset(),
}

MAX_LINE_QUANTITY = 99
# What sales figures and demand count: paid and onward, including an order being returned,
# which stays a sale until its refund makes it "refunded".
SOLD_STATUSES = (
    "paid",
    "in_fulfilment",
    "shipped",
    "delivered",
    "completed",
    "return_requested",
    "return_in_transit",
)
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


def order_number(on: date) -> str:
    """TL + yymmdd + 8 characters without look-alikes (0/O, 1/I): 32^8 per day."""
    return "TL" + on.strftime("%y%m%d") + "".join(secrets.choice(_ALPHABET) for _ in range(8))


def cart_fingerprint(lines: list[tuple[int, int]]) -> str:
    canonical = ",".join(f"{listing}x{qty}" for listing, qty in sorted(lines))
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class PricedItem:
    """One cart line as the quote needs it."""

    listing_id: int
    variant_id: int
    merchant_id: int
    merchant_name: str
    merchant_country: str
    settlement_currency: str
    sku: str
    name: str
    name_en: str
    name_zh_hans: str
    hs_code: str
    unit_price: Money
    quantity: int
    weight_g: int
    temperature_class: str
    tax_class: str
    category: str = ""
    merchant_region: str = ""
    # Campaigns: the listing's own price when a campaign or flash price applies, the campaign's
    # code, the flash claims it uses, and a voucher's share off this line's goods.
    list_price: Money | None = None
    campaign_code: str = ""
    flash_claim_ids: tuple[int, ...] = ()
    voucher_discount: Money | None = None

    @property
    def goods(self) -> Money:
        """What the line's goods cost the buyer: customs taxes this, the merchant is paid it."""
        goods = self.unit_price * self.quantity
        return goods - self.voucher_discount if self.voucher_discount else goods


@dataclass
class QuotedLine:
    item: PricedItem
    goods: Money
    shipping: Money
    tax: Money


@dataclass
class QuotedGroup:
    merchant_id: int
    merchant_name: str
    merchant_country: str
    settlement_currency: str
    lines: list[QuotedLine]
    goods: Money
    shipping: Money
    tax: Money
    tax_result: TaxResult
    transit_days: int

    @property
    def total(self) -> Money:
        return self.goods + self.shipping + self.tax


@dataclass
class Quote:
    currency: str
    groups: list[QuotedGroup] = field(default_factory=list)

    def _sum(self, attr: str) -> Money:
        return sum_money([getattr(g, attr) for g in self.groups], self.currency)

    @property
    def goods(self) -> Money:
        return self._sum("goods")

    @property
    def shipping(self) -> Money:
        return self._sum("shipping")

    @property
    def tax(self) -> Money:
        return self._sum("tax")

    @property
    def total(self) -> Money:
        return self._sum("total")


ShippingFn = Callable[[list[PricedItem]], tuple[Money, int]]  # one parcel's items
TaxFn = Callable[[str, list[TaxLine]], TaxResult]


def _freight_per_line(
    items: list[PricedItem], shipping_for: ShippingFn, currency: str
) -> tuple[list[Money], int]:
    """One parcel per merchant order, packed at the coldest class its lines need (as the
    shipment is); its price is shared by the lines, by value."""
    price, transit = shipping_for(items)
    shares = allocate(price, [item.goods.minor or 1 for item in items])
    return list(shares), transit


def quote_group(
    items: list[PricedItem], *, currency: str, shipping_for: ShippingFn, tax_for: TaxFn
) -> QuotedGroup:
    first = items[0]
    goods = [item.goods for item in items]
    freight, transit = _freight_per_line(items, shipping_for, currency)
    tax_lines = [
        TaxLine(goods=g, freight=f, quantity=item.quantity, tax_class=item.tax_class)
        for g, f, item in zip(goods, freight, items, strict=True)
    ]
    result = tax_for(first.merchant_country, tax_lines)
    lines = [
        QuotedLine(item, g, f, t)
        for item, g, f, t in zip(items, goods, freight, result.taxes, strict=True)
    ]
    return QuotedGroup(
        merchant_id=first.merchant_id,
        merchant_name=first.merchant_name,
        merchant_country=first.merchant_country,
        settlement_currency=first.settlement_currency,
        lines=lines,
        goods=sum_money(goods, currency),
        shipping=sum_money(freight, currency),
        tax=result.total,
        tax_result=result,
        transit_days=transit,
    )


def quote_cart(
    items: list[PricedItem], *, currency: str, shipping_for: ShippingFn, tax_for: TaxFn
) -> Quote:
    """Group by merchant (each becomes one order and one customs declaration) and price each."""
    by_merchant: dict[int, list[PricedItem]] = {}
    for item in items:
        by_merchant.setdefault(item.merchant_id, []).append(item)
    quote = Quote(currency=currency)
    for merchant_items in by_merchant.values():
        quote.groups.append(
            quote_group(
                merchant_items, currency=currency, shipping_for=shipping_for, tax_for=tax_for
            )
        )
    return quote
