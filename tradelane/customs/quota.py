"""The CBEC annual quota per identity: taken when an order is paid, by a conditional UPDATE that
refuses to pass the limit; given back once when the order is refunded (including after a
customs rejection). The calendar year is China's."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import F

from tradelane.core import clock
from tradelane.core.money import Money
from tradelane.customs.config import CbecConfig, regime_in_force
from tradelane.customs.errors import customs_refusal
from tradelane.customs.models import BuyerIdentity, QuotaEntry, QuotaEntryKind, QuotaUse
from tradelane.orders.models import Order

CHINA = ZoneInfo("Asia/Shanghai")


def china_year() -> int:
    return clock.now().astimezone(CHINA).year


def annual_limit_minor() -> int:
    config = regime_in_force("cn_cbec", clock.today())
    assert isinstance(config, CbecConfig)
    return Money.of(config.annual_limit, config.currency).minor


def _check_payer_is_buyer(order: Order) -> None:
    """The wallet paying is the buyer's; refuse if their identity changed since checkout."""
    snapshot = order.buyer_identity or {}
    current = (
        BuyerIdentity.objects.filter(consumer_id=order.consumer_id)
        .values_list("pk", "updated_at")
        .first()
    )
    if current is None or [current[0], current[1].isoformat()] != [
        snapshot.get("identity_id"),
        snapshot.get("version"),
    ]:
        raise customs_refusal("identity_not_payer")


def quota_take(order: Order) -> None:
    snapshot = order.buyer_identity
    if not snapshot:
        return
    _check_payer_is_buyer(order)
    index, year = snapshot["number_index"], china_year()
    amount = int(order.tax_detail["dutiable_value_minor"])
    QuotaUse.objects.bulk_create([QuotaUse(identity_index=index, year=year)], ignore_conflicts=True)
    taken = QuotaUse.objects.filter(
        identity_index=index, year=year, used_minor__lte=annual_limit_minor() - amount
    ).update(used_minor=F("used_minor") + amount)
    if not taken:
        raise customs_refusal("cbec_annual_limit_exceeded", order=order.number)
    QuotaEntry.objects.create(
        order=order,
        identity_index=index,
        year=year,
        kind=QuotaEntryKind.TAKEN,
        amount_minor=amount,
        created_at=clock.now(),
    )


def quota_give_back(order: Order) -> None:
    taken = QuotaEntry.objects.filter(order=order, kind=QuotaEntryKind.TAKEN).first()
    if taken is None:
        return
    try:
        with transaction.atomic():
            QuotaEntry.objects.create(
                order=order,
                identity_index=taken.identity_index,
                year=taken.year,
                kind=QuotaEntryKind.GIVEN_BACK,
                amount_minor=taken.amount_minor,
                created_at=clock.now(),
            )
    except IntegrityError:
        return  # given back already
    QuotaUse.objects.filter(identity_index=taken.identity_index, year=taken.year).update(
        used_minor=F("used_minor") - taken.amount_minor
    )
