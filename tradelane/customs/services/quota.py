"""The CBEC annual quota per identity: taken when an order is paid, by a conditional UPDATE that
refuses to pass the limit; given back once when the order is refunded (including after a
customs rejection). The calendar year is China's."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import F

from tradelane.core import clock
from tradelane.core.money import Money
from tradelane.customs.config import CbecConfig, regime_in_force
from tradelane.customs.errors import customs_refusal
from tradelane.customs.models import BuyerIdentity, QuotaEntry, QuotaEntryKind, QuotaUse

CHINA = ZoneInfo("Asia/Shanghai")


class Order(Protocol):
    """What the quota reads of an order (the orders room's Order has it): customs sits below
    orders and takes orders without importing their room."""

    @property
    def pk(self) -> Any: ...
    @property
    def number(self) -> str: ...
    @property
    def consumer_id(self) -> int: ...
    @property
    def buyer_identity(self) -> Any: ...
    @property
    def tax_detail(self) -> Any: ...


def china_year() -> int:
    return clock.now().astimezone(CHINA).year


def annual_limit_minor() -> int:
    config = regime_in_force("cn_cbec", clock.today())
    assert isinstance(config, CbecConfig)
    return Money.of(config.annual_limit, config.currency).minor


def _check_payers_are_buyers(orders: Sequence[Order]) -> None:
    """The wallet paying is the buyer's; refuse if their identity changed since checkout."""
    current = {
        consumer_id: [pk, updated_at.isoformat()]
        for consumer_id, pk, updated_at in BuyerIdentity.objects.filter(
            consumer_id__in={order.consumer_id for order in orders}
        ).values_list("consumer_id", "pk", "updated_at")  # one identity per consumer
    }
    for order in orders:
        snapshot = order.buyer_identity or {}
        if current.get(order.consumer_id) != [snapshot.get("identity_id"), snapshot.get("version")]:
            raise customs_refusal("identity_not_payer")


def quota_take(order: Order) -> None:
    quota_take_many([order])


def quota_take_many(orders: Sequence[Order]) -> None:
    """Take the quota of paid orders. A checkout's orders share one buyer, so their sum is taken
    by one conditional UPDATE: all of them or none, as the payment that pays them all."""
    by_index: dict[str, list[Order]] = defaultdict(list)
    for order in orders:
        if order.buyer_identity:
            by_index[order.buyer_identity["number_index"]].append(order)
    if not by_index:
        return
    _check_payers_are_buyers([order for group in by_index.values() for order in group])
    year, limit, now = china_year(), annual_limit_minor(), clock.now()
    QuotaUse.objects.bulk_create(
        [QuotaUse(identity_index=index, year=year) for index in by_index], ignore_conflicts=True
    )
    entries = []
    for index, group in sorted(by_index.items()):  # one lock order for any batch of buyers
        amounts = [int(order.tax_detail["dutiable_value_minor"]) for order in group]
        taken = QuotaUse.objects.filter(
            identity_index=index, year=year, used_minor__lte=limit - sum(amounts)
        ).update(used_minor=F("used_minor") + sum(amounts))
        if not taken:
            numbers = ", ".join(order.number for order in group)
            raise customs_refusal("cbec_annual_limit_exceeded", order=numbers)
        entries += [
            QuotaEntry(
                order_id=order.pk,
                identity_index=index,
                year=year,
                kind=QuotaEntryKind.TAKEN,
                amount_minor=amount,
                created_at=now,
            )
            for order, amount in zip(group, amounts, strict=True)
        ]
    QuotaEntry.objects.bulk_create(entries)


def quota_give_back(order: Order) -> None:
    taken = QuotaEntry.objects.filter(order_id=order.pk, kind=QuotaEntryKind.TAKEN).first()
    if taken is None:
        return
    try:
        with transaction.atomic():
            QuotaEntry.objects.create(
                order_id=order.pk,
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
