"""Rules of remitting what the platform collects for others, without the ORM: filing periods
per authority, the tax return of a period (refunds and late items netted, a credit carried
forward), and what a partner's delivered leg costs.

CN CBEC tax is not here: customs remits it per declaration when the declaration clears
(`clearance.services.declarations._remit_tax`), so it does not wait for a period."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

CONFIG_PATH = Path(__file__).resolve().parent / "data" / "remittance.json"
MONTH, QUARTER = "month", "quarter"
_MONTH_LABEL = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_QUARTER_LABEL = re.compile(r"^(\d{4})-Q([1-4])$")


class PeriodInvalid(ValueError):
    """A period label that is neither YYYY-MM nor YYYY-Qn."""


@dataclass(frozen=True)
class Authority:
    code: str
    name: str
    market: str
    currency: str
    period: str  # MONTH or QUARTER
    time_zone: str
    creditor: str


@dataclass(frozen=True)
class Schedule:
    period: str
    time_zone: str


@dataclass(frozen=True)
class Period:
    """A calendar month or quarter: [first, after) in local dates."""

    label: str
    kind: str
    first: date
    after: date

    def bounds(self, time_zone: str) -> tuple[datetime, datetime]:
        """The period's instants, [start, end), in UTC: midnight where the authority is."""
        zone = ZoneInfo(time_zone)
        start = datetime(self.first.year, self.first.month, 1, tzinfo=zone)
        end = datetime(self.after.year, self.after.month, 1, tzinfo=zone)
        return start.astimezone(UTC), end.astimezone(UTC)


@lru_cache(maxsize=2)
def _config(path: str) -> tuple[dict[str, Authority], Schedule]:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    authorities = {a["code"]: Authority(**a) for a in raw["authorities"]}
    return authorities, Schedule(**raw["partners"])


def authorities() -> dict[str, Authority]:
    return _config(str(CONFIG_PATH))[0]


def partner_schedule() -> Schedule:
    return _config(str(CONFIG_PATH))[1]


def _month_after(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1)


def parse_period(label: str) -> Period:
    if m := _MONTH_LABEL.match(label):
        year, month = int(m[1]), int(m[2])
        return Period(label, MONTH, date(year, month, 1), _month_after(year, month))
    if m := _QUARTER_LABEL.match(label):
        year, quarter = int(m[1]), int(m[2])
        first_month = 3 * quarter - 2
        return Period(
            label, QUARTER, date(year, first_month, 1), _month_after(year, first_month + 2)
        )
    raise PeriodInvalid(f"{label!r} is not a period: use YYYY-MM or YYYY-Qn")


def period_containing(day: date, kind: str) -> Period:
    if kind == MONTH:
        return parse_period(f"{day.year}-{day.month:02d}")
    return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")


def last_closed_period(moment: datetime, kind: str, time_zone: str) -> Period:
    """The latest period of this kind that has ended by `moment`, where the authority is."""
    local = moment.astimezone(ZoneInfo(time_zone)).date()
    current = period_containing(local, kind)
    day_before = date.fromordinal(current.first.toordinal() - 1)
    return period_containing(day_before, kind)


# -- The tax return ---------------------------------------------------------------------------

SALE, REFUND = "sale", "refund"


@dataclass(frozen=True)
class TaxItem:
    """One ledger transfer on the authority's tax payable account. `tax_minor` is positive for
    both kinds; a refund gives tax back. `earlier` marks an item that belongs to a period
    already remitted: dated before this period, or refunding a sale remitted before."""

    transfer_id: str
    kind: str
    order_number: str
    tax_minor: int
    value_minor: int  # the taxable value (goods + shipping) sold, or given back
    at: datetime
    earlier: bool


@dataclass(frozen=True)
class TaxReturn:
    supplies_count: int
    supplies_value_minor: int
    tax_collected_minor: int
    refunds_count: int
    refunds_value_minor: int
    refunds_tax_minor: int
    adjustments_count: int
    adjustments_tax_minor: int  # signed: a late sale adds, a late refund reduces
    credit_in_minor: int  # owed back to the platform by earlier periods
    net_minor: int
    payable_minor: int  # what is sent to the authority
    credit_out_minor: int  # carried into the next period when refunds exceed collections


def tax_return(items: list[TaxItem], *, credit_in_minor: int = 0) -> TaxReturn:
    sales = [i for i in items if i.kind == SALE and not i.earlier]
    refunds = [i for i in items if i.kind == REFUND and not i.earlier]
    late = [i for i in items if i.earlier]
    collected = sum(i.tax_minor for i in sales)
    refunded = sum(i.tax_minor for i in refunds)
    adjustments = sum(i.tax_minor if i.kind == SALE else -i.tax_minor for i in late)
    net = collected - refunded + adjustments - credit_in_minor
    return TaxReturn(
        supplies_count=len(sales),
        supplies_value_minor=sum(i.value_minor for i in sales),
        tax_collected_minor=collected,
        refunds_count=len(refunds),
        refunds_value_minor=sum(i.value_minor for i in refunds),
        refunds_tax_minor=refunded,
        adjustments_count=len(late),
        adjustments_tax_minor=adjustments,
        credit_in_minor=credit_in_minor,
        net_minor=net,
        payable_minor=max(net, 0),
        credit_out_minor=max(-net, 0),
    )


# -- Partners ---------------------------------------------------------------------------------


def leg_cost_minor(*, per_parcel_minor: int, per_kg_minor: int, weight_g: int) -> int:
    """The lane's price for one parcel, as the planner costs it (per parcel + per kg on the
    actual weight), half-up to the partner currency's minor unit."""
    by_weight = (Decimal(per_kg_minor) * weight_g / 1000).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    return per_parcel_minor + int(by_weight)


def convert_minor(amount_minor: int, *, rate: Decimal, minor_factor: Decimal) -> int:
    """`amount_minor` of one currency in another's minor units at `rate` (quote per base);
    `minor_factor` is 10 ** (quote minor digits - base minor digits). Half-up."""
    return int((Decimal(amount_minor) * rate * minor_factor).quantize(Decimal(1), ROUND_HALF_UP))
