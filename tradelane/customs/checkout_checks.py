"""What a checkout must pass before any money moves: for China, the buyer's identity, the
positive list, the customs mode fresh goods need, and the annual quota as it stands; for every
export, the seller's permits. Reads only; the quota is taken when the order is paid."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tradelane.accounts.models import Consumer
from tradelane.core import clock
from tradelane.core.money import Money
from tradelane.customs import compliance
from tradelane.customs.errors import customs_refusal
from tradelane.customs.models import BuyerIdentity, ExportPermit, PositiveListEntry, QuotaUse
from tradelane.inventory.services import bonded_available


@dataclass
class CnCheck:
    identity: BuyerIdentity
    annual_used: Money
    bonded_required: set[int] = field(default_factory=set)
    bonded_city: dict[int, str] = field(default_factory=dict)  # variants in bonded stock


def positive_list_for(hs_codes: set[str]) -> dict[str, compliance.PositiveListLine]:
    prefixes = {p for code in hs_codes for p in compliance.hs_prefixes(code)}
    return {
        e.hs_prefix: compliance.PositiveListLine(e.hs_prefix, e.remark)
        for e in PositiveListEntry.objects.filter(hs_prefix__in=prefixes)
    }


def annual_used(identity_index: str, year: int) -> Money:
    used = (
        QuotaUse.objects.filter(identity_index=identity_index, year=year)
        .values_list("used_minor", flat=True)
        .first()
    )
    return Money.from_minor(used or 0, "CNY")


def cn_checkout_check(*, consumer: Consumer, items: list[Any]) -> CnCheck:
    """Refuse a China checkout that customs would refuse; returns what placing it needs."""
    language = consumer.locale
    identity = BuyerIdentity.objects.filter(consumer=consumer).first()
    if identity is None:
        raise customs_refusal("identity_required", language=language)
    today = clock.today()
    positive = positive_list_for({i.hs_code for i in items})
    wanted: dict[int, int] = {}
    for item in items:
        wanted[item.variant_id] = wanted.get(item.variant_id, 0) + item.quantity
    bonded = bonded_available(wanted, "CN")
    required = set()
    for item in items:
        line = compliance.CnLine(item.hs_code, item.variant_id in bonded)
        refusal = compliance.cn_line_refusal(line, positive, today)
        if refusal:
            raise customs_refusal(refusal, language=language, sku=item.sku, hs_code=item.hs_code)
        match = compliance.positive_list_match(item.hs_code, positive)
        if compliance.mail_prohibited(item.hs_code, today) or (
            match is not None and match.remark == "bonded_only"
        ):
            required.add(item.variant_id)
    return CnCheck(identity, annual_used(identity.number_index, today.year), required, bonded)


def export_permit_check(*, items: list[Any], market_code: str, language: str) -> None:
    """A seller exports dairy, meat, seafood, eggs or plants only under a valid permit."""
    today = clock.today()
    exported = [i for i in items if i.merchant_country != market_code]
    needing = [i for i in exported if compliance.needs_export_permit(i.category, i.hs_code, today)]
    if not needing:
        return
    permits = set(
        ExportPermit.objects.filter(
            merchant_id__in={i.merchant_id for i in needing}, valid_until__gte=today
        ).values_list("merchant_id", "category")
    )
    for item in needing:
        if (item.merchant_id, item.category) not in permits:
            raise customs_refusal(
                "export_permit_missing", language=language, sku=item.sku, category=item.category
            )
