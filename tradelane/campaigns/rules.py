"""Campaign rules without the ORM: the status table, eligibility, campaign prices, voucher math."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_FLOOR, Decimal

from tradelane.core.money import Money, allocate

TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"scheduled", "cancelled"}),
    "scheduled": frozenset({"live", "cancelled", "draft"}),
    "live": frozenset({"ended", "cancelled"}),
    "ended": frozenset(),
    "cancelled": frozenset(),
}
# A campaign prices listings while its window is open, once an operator scheduled it (the job
# moving it to `live` only follows the clock; the window itself decides).
PRICING_STATUSES = frozenset({"scheduled", "live"})
HUNDRED = Decimal(100)


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


def in_window(starts_at: datetime, ends_at: datetime, at: datetime) -> bool:
    """Half-open: a campaign ending at midnight no longer prices at midnight."""
    return starts_at <= at < ends_at


@dataclass(frozen=True)
class Eligibility:
    """Empty tuples mean "any"."""

    markets: tuple[str, ...] = ()
    origin_countries: tuple[str, ...] = ()
    origin_regions: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    temperature_classes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ListingFacts:
    listing_id: int
    merchant_id: int
    market: str
    origin_country: str
    origin_region: str
    category: str
    temperature_class: str
    price_minor: int
    currency: str


def _allows(allowed: tuple[str, ...], value: str) -> bool:
    return not allowed or value in allowed


def _region_allows(allowed: tuple[str, ...], region: str) -> bool:
    folded = {r.casefold() for r in allowed}
    return not allowed or region.casefold() in folded


def is_eligible(rule: Eligibility, facts: ListingFacts) -> bool:
    return (
        _allows(rule.markets, facts.market)
        and _allows(rule.origin_countries, facts.origin_country)
        and _region_allows(rule.origin_regions, facts.origin_region)
        and _allows(rule.categories, facts.category)
        and _allows(rule.temperature_classes, facts.temperature_class)
    )


def round_down_to_price_point(amount: Money, rule: str) -> Money:
    """A discounted price rounded by a named rule, never upward (a discount must not shrink
    because of rounding): to the cent, down to a whole unit, to the .99 or the 8 below."""
    value, currency = amount.amount, amount.currency
    if rule == "exact":
        return amount.rounded()
    whole = value.quantize(Decimal(1), rounding=ROUND_FLOOR)
    if rule == "down_whole":
        return Money(whole, currency).rounded()
    if rule == "down_charm_99":
        charm = whole + Decimal("0.99")
        if charm > value:
            charm -= 1
        return Money(charm, currency).rounded()
    if rule == "down_ends_in_8":
        units = int(whole)
        return Money(Decimal(units - (units - 8) % 10), currency).rounded()
    raise ValueError(f"unknown rounding rule {rule!r}")


def percent_off_price(list_price: Money, percent: Decimal, rounding: str) -> Money | None:
    """The campaign price, or None when rounding leaves no discount or nothing to pay."""
    discounted = Money(list_price.amount * (HUNDRED - percent) / HUNDRED, list_price.currency)
    price = round_down_to_price_point(discounted, rounding)
    if price.amount <= 0 or price >= list_price:
        return None
    return price


@dataclass(frozen=True)
class CampaignTerms:
    """What one campaign would do to listings: its eligibility, opt-ins, discount."""

    code: str
    eligibility: Eligibility
    merchant_ids: frozenset[int]
    discount_kind: str
    percent_off: Decimal
    rounding: str
    fixed_prices: dict[int, int]  # listing id -> price in minor units


def campaign_price(terms: CampaignTerms, facts: ListingFacts) -> int | None:
    """The campaign's price for a listing in minor units, None if it does not apply."""
    if facts.merchant_id not in terms.merchant_ids or not is_eligible(terms.eligibility, facts):
        return None
    fixed = terms.fixed_prices.get(facts.listing_id)
    if fixed is not None:
        return fixed if 0 < fixed < facts.price_minor else None
    if terms.discount_kind != "percent_off" or terms.percent_off <= 0:
        return None
    price = percent_off_price(
        Money.from_minor(facts.price_minor, facts.currency), terms.percent_off, terms.rounding
    )
    return price.minor if price is not None else None


@dataclass(frozen=True)
class CampaignPrice:
    listing_id: int
    price_minor: int
    list_price_minor: int
    currency: str
    campaign_code: str


def best_prices(
    campaigns: Iterable[CampaignTerms], listings: Iterable[ListingFacts]
) -> dict[int, CampaignPrice]:
    """Per listing, the lowest price among the campaigns that apply (ties: the first code)."""
    ordered = sorted(campaigns, key=lambda c: c.code)
    found: dict[int, CampaignPrice] = {}
    for facts in listings:
        for terms in ordered:
            price = campaign_price(terms, facts)
            best = found.get(facts.listing_id)
            if price is not None and (best is None or price < best.price_minor):
                found[facts.listing_id] = CampaignPrice(
                    facts.listing_id, price, facts.price_minor, facts.currency, terms.code
                )
    return found


# --- vouchers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class VoucherTerms:
    code: str
    kind: str  # amount | percent
    amount_minor: int
    percent: Decimal
    min_spend_minor: int
    currency: str


@dataclass(frozen=True)
class VoucherLine:
    key: int  # the listing id
    goods_minor: int
    eligible: bool


class VoucherNotApplicable(ValueError):
    def __init__(self, code: str, needed_minor: int = 0) -> None:
        super().__init__(code)
        self.code = code
        self.needed_minor = needed_minor


def voucher_discounts(terms: VoucherTerms, lines: list[VoucherLine]) -> dict[int, int]:
    """The discount per eligible line in minor units, shared by value (largest remainder), never
    more than the goods. Raises VoucherNotApplicable with `voucher_not_applicable` (no eligible
    goods) or `voucher_min_spend` (eligible goods below the minimum)."""
    eligible = [ln for ln in lines if ln.eligible and ln.goods_minor > 0]
    if not eligible:
        raise VoucherNotApplicable("voucher_not_applicable")
    spend = sum(ln.goods_minor for ln in eligible)
    if spend < terms.min_spend_minor:
        raise VoucherNotApplicable("voucher_min_spend", terms.min_spend_minor - spend)
    if terms.kind == "percent":
        raw = Money(
            Money.from_minor(spend, terms.currency).amount * terms.percent / HUNDRED, terms.currency
        )
        total = raw.rounded(ROUND_FLOOR).minor  # a percentage never rounds in the buyer's favour
    else:
        total = terms.amount_minor
    total = min(total, spend)
    shares = allocate(Money.from_minor(total, terms.currency), [ln.goods_minor for ln in eligible])
    return {ln.key: share.minor for ln, share in zip(eligible, shares, strict=True)}
