"""Import tax rules as pure functions over Money and dated configuration.

CN CBEC (Cai Guan Shui [2018] No. 49): within the limits, tariff 0 and VAT plus consumption tax
at 70 %: combined rate = (VAT + CT) / (1 - CT) x 0.7. Dutiable value = goods + freight +
insurance. Tax is computed per line and rounded half up to the fen.
AU/NZ/SG/MY: GST (or sales tax) on low-value goods, collected at the point of sale when the
consignment's goods value is at or under the threshold.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from tradelane.core.money import Money, sum_money
from tradelane.customs.config import CbecConfig, GstConfig

ONE = Decimal(1)


class ImportRefused(Exception):
    """The order cannot be imported under this regime; `code` names the rule."""

    def __init__(self, code: str, **details: object) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


@dataclass(frozen=True)
class TaxLine:
    goods: Money
    freight: Money
    quantity: int
    tax_class: str = "standard"


@dataclass(frozen=True)
class TaxResult:
    regime: str
    treatment: str
    taxes: list[Money]
    total: Money
    dutiable_value: Money
    payable_to: str

    def as_dict(self) -> dict[str, object]:
        return {
            "regime": self.regime,
            "treatment": self.treatment,
            "total_minor": self.total.minor,
            "dutiable_value_minor": self.dutiable_value.minor,
            "currency": self.total.currency,
            "payable_to": self.payable_to,
        }


def cbec_combined_rate(
    vat: Decimal, consumption_tax: Decimal, discount: Decimal = Decimal("0.7")
) -> Decimal:
    return (vat + consumption_tax) / (ONE - consumption_tax) * discount


def full_import_rate(vat: Decimal, consumption_tax: Decimal, tariff: Decimal) -> Decimal:
    """Tariff, then CT and VAT on the CT-inclusive base: the general-trade burden per unit of value."""
    return tariff + (ONE + tariff) * (consumption_tax + vat) / (ONE - consumption_tax)


def _round(money: Money) -> Money:
    return money.rounded(ROUND_HALF_UP)


def _dutiable(line: TaxLine, insurance_rate: Decimal) -> Money:
    return line.goods + line.freight + _round(line.goods * insurance_rate)


def cbec_order_tax(
    lines: list[TaxLine], config: CbecConfig, *, annual_used: Money | None = None
) -> TaxResult:
    currency = config.currency
    dutiable = [_dutiable(line, config.insurance_rate) for line in lines]
    order_value = sum_money(dutiable, currency)
    used = annual_used or Money.zero(currency)
    limit = Money.of(config.per_order_limit, currency)
    annual = Money.of(config.annual_limit, currency)
    if used + order_value > annual:
        raise ImportRefused(
            "cbec_annual_limit_exceeded", order_value=order_value, used=used, limit=annual
        )
    single_item = len(lines) == 1 and lines[0].quantity == 1
    if order_value > limit and not single_item:
        raise ImportRefused("cbec_order_limit_exceeded", order_value=order_value, limit=limit)
    full = order_value > limit
    taxes = []
    for line, value in zip(lines, dutiable, strict=True):
        r = config.tax_classes[line.tax_class]
        rate = (
            full_import_rate(r.vat, r.consumption_tax, r.tariff)
            if full
            else cbec_combined_rate(r.vat, r.consumption_tax, config.discount_factor)
        )
        taxes.append(_round(value * rate))
    return TaxResult(
        regime="cn_cbec",
        treatment="cbec_single_item_full_tax" if full else "cbec_within_limits",
        taxes=taxes,
        total=sum_money(taxes, currency),
        dutiable_value=order_value,
        payable_to="General Administration of Customs of China",
    )


def low_value_gst(regime: str, lines: list[TaxLine], config: GstConfig) -> TaxResult:
    currency = config.currency
    goods_value = sum_money([line.goods for line in lines], currency)
    base = [line.goods + line.freight for line in lines]
    collected = goods_value <= Money.of(config.threshold, currency)
    taxes = [_round(b * config.rate) if collected else Money.zero(currency) for b in base]
    return TaxResult(
        regime=regime,
        treatment="collected_at_sale" if collected else "above_threshold_collected_at_border",
        taxes=taxes,
        total=sum_money(taxes, currency),
        dutiable_value=sum_money(base, currency),
        payable_to=config.authority,
    )


def domestic(lines: list[TaxLine], currency: str) -> TaxResult:
    """A sale inside the merchant's own country: no import, prices already carry local GST."""
    zero = Money.zero(currency)
    return TaxResult(
        regime="domestic",
        treatment="domestic_sale",
        taxes=[zero for _ in lines],
        total=zero,
        dutiable_value=sum_money([line.goods for line in lines], currency),
        payable_to="",
    )


def mask_name(name: str) -> str:
    """张三丰 -> 张**; keeps the family name a customer recognises."""
    return name[:1] + "*" * max(len(name) - 1, 1)


def mask_id_number(number: str) -> str:
    """The first six digits (place of registration) and the last four; the rest hidden."""
    return number[:6] + "*" * (len(number) - 10) + number[-4:]
