"""Stock changes. Each is one conditional UPDATE whose row count says whether it happened."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils.translation import gettext as _

from tradelane.catalog.models import Variant
from tradelane.core import clock
from tradelane.core.errors import ValidationFailed
from tradelane.inventory.errors import LocationNotFound, OutOfStock, StockBelowReserved
from tradelane.inventory.models import (
    Location,
    LocationKind,
    Reservation,
    ReservationStatus,
    StockItem,
)
from tradelane.merchants.models import Merchant


@dataclass(frozen=True)
class ReservationRequest:
    variant_id: int
    quantity: int
    label: str


def location_merchant_default(merchant: Merchant) -> Location:
    location, _created = Location.objects.get_or_create(
        code=f"M{merchant.pk}-MAIN",
        defaults={
            "name": f"{merchant.trading_name} warehouse",
            "kind": LocationKind.MERCHANT_WAREHOUSE,
            "country": merchant.country,
            "merchant": merchant,
        },
    )
    return location


def _location_for(merchant: Merchant, code: str | None) -> Location:
    if not code:
        return location_merchant_default(merchant)
    location = Location.objects.filter(
        Q(merchant=merchant) | Q(kind=LocationKind.BONDED_WAREHOUSE), code=code
    ).first()
    if location is None:
        raise LocationNotFound(_("No such stock location: %(code)s.") % {"code": code})
    return location


@transaction.atomic
def stock_set(
    *, merchant: Merchant, variant: Variant, on_hand: int, location_code: str | None = None
) -> StockItem:
    """Set the counted quantity; refused if it would fall below what is already reserved."""
    if on_hand < 0:
        raise ValidationFailed(_("Stock cannot be negative."), fields={"on_hand": [">= 0"]})
    location = _location_for(merchant, location_code)
    item, _created = StockItem.objects.get_or_create(
        variant=variant,
        location=location,
        defaults={"merchant": merchant, "on_hand": 0, "updated_at": clock.now()},
    )
    updated = StockItem.objects.filter(pk=item.pk, reserved__lte=on_hand).update(
        on_hand=on_hand, updated_at=clock.now()
    )
    if not updated:
        raise StockBelowReserved(
            _("%(n)s units are reserved for orders; stock cannot go below that.")
            % {"n": StockItem.objects.get(pk=item.pk).reserved}
        )
    item.refresh_from_db()
    return item


def stock_candidates(
    variant_ids: list[int], market_code: str, *, bonded_only: frozenset[int] = frozenset()
) -> dict[int, list[int]]:
    """Stock items per variant that can serve the market, the market's bonded stock first;
    for variants in `bonded_only` (goods that may only enter by bonded import), nothing else."""
    rows = (
        StockItem.objects.filter(variant_id__in=variant_ids)
        .filter(Q(location__serves_market__isnull=True) | Q(location__serves_market_id=market_code))
        .order_by(F("location__serves_market_id").asc(nulls_last=True), "pk")
        .values_list("variant_id", "pk", "location__serves_market_id")
    )
    found: dict[int, list[int]] = {}
    for variant_id, item_id, serves in rows:
        if variant_id in bonded_only and serves != market_code:
            continue
        found.setdefault(variant_id, []).append(item_id)
    return found


def bonded_available(variant_quantities: dict[int, int], market_code: str) -> dict[int, str]:
    """Variants whose wanted quantity is free in one bonded warehouse serving the market, with
    that warehouse's city."""
    # in a fixed order, so a variant held in several bonded warehouses is sent from the same one
    # whether it is priced alone (checkout) or with a page of others (the storefront's cards)
    rows = (
        StockItem.objects.filter(
            variant_id__in=list(variant_quantities), location__serves_market_id=market_code
        )
        .order_by("pk")
        .values_list("variant_id", "on_hand", "reserved", "location__city")
    )
    found: dict[int, str] = {}
    for variant_id, on_hand, reserved, city in rows:
        if on_hand - reserved >= variant_quantities[variant_id] and variant_id not in found:
            found[variant_id] = city
    return found


def bonded_items(item_ids: list[int], market_code: str) -> set[int]:
    return set(
        StockItem.objects.filter(
            pk__in=item_ids, location__serves_market_id=market_code
        ).values_list("pk", flat=True)
    )


def _reserve_one(item_ids: list[int], quantity: int) -> int | None:
    for item_id in item_ids:
        taken = StockItem.objects.filter(pk=item_id, on_hand__gte=F("reserved") + quantity).update(
            reserved=F("reserved") + quantity
        )
        if taken:
            return item_id
    return None


def stock_reserve(
    *,
    merchant_id: int,
    market_code: str,
    requests: list[ReservationRequest],
    reference: str,
    expires_at: datetime,
    candidates: dict[int, list[int]] | None = None,
) -> list[Reservation]:
    """Reserve every request or none (the caller's transaction rolls back on OutOfStock).

    `candidates` (from `stock_candidates`) lets a caller reserving for several orders look the
    stock items up once.
    """
    if candidates is None:
        candidates = stock_candidates([r.variant_id for r in requests], market_code)
    reservations = []
    now = clock.now()
    for request in requests:
        item_id = _reserve_one(candidates.get(request.variant_id, []), request.quantity)
        if item_id is None:
            raise OutOfStock(
                _("Not enough stock of %(item)s.") % {"item": request.label},
                extra={"variant_id": request.variant_id},
            )
        reservations.append(
            Reservation(
                stock_item_id=item_id,
                merchant_id=merchant_id,
                quantity=request.quantity,
                reference=reference,
                created_at=now,
                expires_at=expires_at,
            )
        )
    try:
        return Reservation.objects.bulk_create(reservations)
    except IntegrityError as exc:  # pragma: no cover - constraint is the last line of defence
        raise OutOfStock(_("Stock changed while reserving; try again.")) from exc


def _finish(reservation_ids: list[int], to_status: str, consume: bool) -> int:
    """Move active reservations to a final status; each one's units are handled exactly once."""
    done = 0
    for reservation in Reservation.objects.filter(
        pk__in=reservation_ids, status=ReservationStatus.ACTIVE
    ):
        claimed = Reservation.objects.filter(
            pk=reservation.pk, status=ReservationStatus.ACTIVE
        ).update(status=to_status)
        if not claimed:
            continue
        change = {"reserved": F("reserved") - reservation.quantity, "updated_at": clock.now()}
        if consume:
            change["on_hand"] = F("on_hand") - reservation.quantity
        StockItem.objects.filter(pk=reservation.stock_item_id).update(**change)
        done += 1
    return done


def reservations_release(*, reference: str, expired: bool = False) -> int:
    ids = list(
        Reservation.objects.filter(
            reference=reference, status=ReservationStatus.ACTIVE
        ).values_list("pk", flat=True)
    )
    return _finish(
        ids, ReservationStatus.EXPIRED if expired else ReservationStatus.RELEASED, consume=False
    )


def reservations_commit(*, reference: str) -> int:
    """The goods are sold: units leave on_hand and reserved together."""
    ids = list(
        Reservation.objects.filter(
            reference=reference, status=ReservationStatus.ACTIVE
        ).values_list("pk", flat=True)
    )
    return _finish(ids, ReservationStatus.COMMITTED, consume=True)


def reservations_commit_many(*, references: list[str]) -> int:
    """`reservations_commit` for several references (a checkout's orders) in three statements:
    the active reservations read under a row lock, claimed by one UPDATE, and each stock item's
    units taken by one UPDATE. The lock makes a concurrent release or commit of the same
    reservation wait and then find it no longer active, so units still move exactly once."""
    rows = list(
        Reservation.objects.select_for_update()
        .filter(reference__in=references, status=ReservationStatus.ACTIVE)
        .order_by("pk")
        .values_list("pk", "stock_item_id", "quantity")
    )
    if not rows:
        return 0
    Reservation.objects.filter(
        pk__in=[pk for pk, _item, _qty in rows], status=ReservationStatus.ACTIVE
    ).update(status=ReservationStatus.COMMITTED)
    per_item: dict[int, int] = defaultdict(int)
    for _pk, item_id, quantity in rows:
        per_item[item_id] += quantity
    units = Case(
        *(When(pk=item_id, then=Value(qty)) for item_id, qty in per_item.items()),
        output_field=IntegerField(),
    )
    StockItem.objects.filter(pk__in=list(per_item)).update(
        reserved=F("reserved") - units, on_hand=F("on_hand") - units, updated_at=clock.now()
    )
    return len(rows)


def reservations_expire(*, now: datetime | None = None) -> int:
    """Release reservations whose hold ran out (orphans; orders release their own)."""
    moment = now or clock.now()
    ids = list(
        Reservation.objects.filter(
            status=ReservationStatus.ACTIVE, expires_at__lte=moment
        ).values_list("pk", flat=True)[:5000]
    )
    return _finish(ids, ReservationStatus.EXPIRED, consume=False)


def reservations_return(*, reference: str) -> int:
    """Put sold units back on the shelf (a refund before they shipped), once per reservation."""
    returned = 0
    for reservation in Reservation.objects.filter(
        reference=reference, status=ReservationStatus.COMMITTED
    ):
        if Reservation.objects.filter(pk=reservation.pk, status=ReservationStatus.COMMITTED).update(
            status=ReservationStatus.RETURNED
        ):
            StockItem.objects.filter(pk=reservation.stock_item_id).update(
                on_hand=F("on_hand") + reservation.quantity, updated_at=clock.now()
            )
            returned += 1
    return returned
