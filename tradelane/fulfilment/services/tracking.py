"""Tracking events and temperatures: every event extends the parcel's provenance chain, once
per source id (repeats are answered, not re-applied), in whatever order events arrive; the
parcel's status is recomputed from all of them. Delivery completes the order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from tradelane.core import clock
from tradelane.core.secrets import digest, new_secret
from tradelane.fulfilment.errors import NotYourParcel, UnknownScanCode
from tradelane.logistics import rules
from tradelane.logistics.models import (
    ClaimStatus,
    ColdChainClaim,
    LogisticsPartner,
    Shipment,
    ShipmentLeg,
    TemperatureReading,
    TrackingEvent,
)
from tradelane.logistics.partners.carrier.mapper import RawEvent, describe, normalise
from tradelane.logistics.partners.carrier.settings import carrier_settings
from tradelane.orders.models import Order
from tradelane.orders.rules import can_transition
from tradelane.orders.services import order_set_status
from tradelane.payments.services.refunds import refund_order

ORDER_FOLLOWS = {  # shipment status -> order statuses to pass through
    "picked_up": ["shipped"],
    "in_transit": ["shipped"],
    "customs": ["shipped"],
    "out_for_delivery": ["shipped"],
    "delivered": ["shipped", "delivered", "completed"],
}


def _fields(event: TrackingEvent) -> dict[str, str]:
    """The content the provenance hash covers, with the event's private nonce, so that no hash
    can be reproduced from guessed content. Events recorded before nonces have none and keep
    the hash they were given without it."""
    fields = {
        "waybill": event.shipment_id,
        "source": event.source,
        "source_event_id": event.source_event_id,
        "kind": event.kind,
        "status": event.status,
        "location": event.location,
        "description": event.description,
        "occurred_at": event.occurred_at.isoformat(),
    }
    if event.nonce:
        fields["nonce"] = event.nonce
    return fields


def _advance_order(order_id: int, status: str, actor: str) -> None:
    """Walk the order forward to match its parcel (shipped, then delivered and completed)."""
    for target in ORDER_FOLLOWS.get(status, []):
        current = Order.objects.values_list("status", flat=True).get(pk=order_id)
        if can_transition(current, target):
            order_set_status(order_id=order_id, to_status=target, actor=actor, reason=status)


@transaction.atomic
def event_record(
    *,
    waybill: str,
    source: str,
    source_event_id: str,
    kind: str,
    occurred_at: datetime,
    status: str = "",
    location: str = "",
    description: str = "",
) -> tuple[TrackingEvent, bool]:
    """Append one event (or return the one already recorded under this source id)."""
    shipment = Shipment.objects.select_for_update().get(pk=waybill)
    existing = TrackingEvent.objects.filter(
        shipment=shipment, source=source, source_event_id=source_event_id
    ).first()
    if existing is not None:
        return existing, False
    event = TrackingEvent(
        shipment=shipment,
        source=source,
        source_event_id=source_event_id[:80],
        kind=kind,
        status=status,
        location=location[:60],
        description=description[:200],
        occurred_at=occurred_at,
        received_at=clock.now(),
        previous_hash=shipment.chain_head or rules.GENESIS,
    )
    event.hash = rules.chain_hash(event.previous_hash, _fields(event))
    event.save()
    shipment.chain_head = event.hash
    moves = list(shipment.events.values_list("occurred_at", "status"))
    new_status, at = rules.journey_status(moves)
    changed = new_status != shipment.status
    shipment.status, shipment.status_at = new_status, at
    shipment.eta = None if new_status == "delivered" else _eta(shipment, at)
    shipment.save(update_fields=["chain_head", "status", "status_at", "eta"])
    if changed:
        _advance_order(shipment.order_id, new_status, f"partner:{source}")
    return event, True


def _eta(shipment: Shipment, last_move: datetime | None) -> datetime | None:
    legs = list(shipment.legs.select_related("lane"))
    remaining = [leg for leg in legs if leg.ended_at is None]
    start = last_move or shipment.created_at
    hours = sum(leg.lane.transit_mean_hours for leg in remaining)
    # The lanes' hours are the partners' time, compressed at demo speed (tradelane.tools.demo.live).
    return start + timedelta(hours=hours) / carrier_settings().time_factor


def journey(shipment: Shipment) -> list[TrackingEvent]:
    """Events as they happened (the chain itself is in the order they were recorded)."""
    return sorted(shipment.events.all(), key=lambda e: (e.occurred_at, e.pk))


# What anyone holding the label may read of an event. A refusal's or a claim's reason stays on
# the chain (the buyer's tracking, the merchant and operators see it); the public sees a status.
PUBLIC_CUSTOMS_CLEARED = "Cleared by China customs / 海关已放行"
PUBLIC_CUSTOMS_NOT_RELEASED = "Not released by China customs / 海关未放行"
PUBLIC_TEMPERATURE = "Temperature excursion recorded / 温度异常已记录"
PUBLIC_AS_RECORDED = {"scan", "packed"}  # fixed vocabulary, or the merchant's trading name


@dataclass(frozen=True)
class JourneyLine:
    occurred_at: datetime
    kind: str
    status: str
    description: str
    location: str
    source: str
    hash: str | None


def public_text(event: TrackingEvent) -> str:
    """A neutral line for the public page: customs' decision without its reason, an excursion
    without the claim, scans as their fixed description."""
    if event.kind == "customs":
        cleared = event.description.startswith("cleared")
        return PUBLIC_CUSTOMS_CLEARED if cleared else PUBLIC_CUSTOMS_NOT_RELEASED
    if event.kind == "temperature":
        return PUBLIC_TEMPERATURE
    if event.kind in PUBLIC_AS_RECORDED:
        return event.description
    return event.kind


def _guessable_links(chain: list[TrackingEvent]) -> set[int]:
    """The events (in chain order) whose hash must not be published: one without a nonce (from
    before nonces) whose content the public does not see, or whose previous link is withheld,
    could be reproduced by hashing guesses at the hidden content (a refusal's reason is one of
    a few). A nonce makes a hash unguessable, and so everything chained after it."""
    withheld: set[int] = set()
    withholding = False  # whether the link before this one is withheld
    for e in chain:
        withholding = not e.nonce and (withholding or public_text(e) != e.description)
        if withholding:
            withheld.add(e.pk)
    return withheld


def journey_lines(shipment: Shipment, *, public: bool) -> list[JourneyLine]:
    """The journey as shown: to the buyer as recorded; in public (the provenance page and API,
    anyone holding the label) with each event's public text, and its hash unless that hash
    could give the hidden content away (None then). The chain's verdict covers every event."""
    events = journey(shipment)
    withheld = _guessable_links(sorted(events, key=lambda e: e.pk)) if public else set()
    return [
        JourneyLine(
            occurred_at=e.occurred_at,
            kind=e.kind,
            status=e.status,
            description=public_text(e) if public else e.description,
            location=e.location,
            source=e.source.split(":")[0],
            hash=None if e.pk in withheld else e.hash,
        )
        for e in events
    ]


def chain_verification(shipment: Shipment) -> int | None:
    """None when the chain holds; else the position (in chain order) of the first bad link."""
    links = [(e.previous_hash, e.hash, _fields(e)) for e in shipment.events.order_by("pk")]
    broken = rules.first_broken_link(links)
    if broken is None and links and links[-1][1] != shipment.chain_head:
        return len(links) - 1
    return broken


# ---------------------------------------------------------------- cold chain
def readings_record(
    *, partner: LogisticsPartner, waybill: str, readings: list[tuple[datetime, Decimal]]
) -> ColdChainClaim | None:
    """Store readings (a repeat of a time is ignored) and open a claim on an excursion."""
    shipment = Shipment.objects.get(pk=waybill)
    TemperatureReading.objects.bulk_create(
        [
            TemperatureReading(shipment=shipment, partner=partner, recorded_at=at, celsius=t)
            for at, t in readings
        ],
        ignore_conflicts=True,
    )
    if shipment.excursion:
        return ColdChainClaim.objects.filter(shipment=shipment).first()
    all_readings = list(shipment.readings.values_list("recorded_at", "celsius"))
    found = rules.cold_chain_excursion(shipment.temperature_class, all_readings)
    return _open_claim(shipment, partner, found) if found else None


def _leg_at(shipment: Shipment, moment: datetime) -> ShipmentLeg | None:
    for leg in shipment.legs.select_related("partner").order_by("-sequence"):
        if leg.started_at is not None and leg.started_at <= moment:
            return leg
    return None


def _open_claim(
    shipment: Shipment, partner: LogisticsPartner, found: rules.Excursion
) -> ColdChainClaim:
    leg = _leg_at(shipment, found.started_at)
    try:
        with transaction.atomic():
            claim = ColdChainClaim.objects.create(
                shipment=shipment,
                partner=leg.partner if leg else partner,
                leg=leg,
                started_at=found.started_at,
                minutes=found.minutes,
                worst_celsius=found.worst,
                reason=found.reason,
                created_at=clock.now(),
            )
            Shipment.objects.filter(pk=shipment.pk).update(excursion=True)
    except IntegrityError:
        return ColdChainClaim.objects.get(shipment=shipment)
    event_record(
        waybill=shipment.pk,
        source="platform",
        source_event_id=f"excursion:{claim.pk}",
        kind="temperature",
        occurred_at=found.started_at,
        description=f"cold-chain excursion: {found.reason} (worst {found.worst} °C)",
    )
    return claim


def claim_refund(claim: ColdChainClaim, *, actor: str) -> ColdChainClaim:
    """Refund the consumer in full through the payments refund path; the partner's claim stays.
    The key is the claim's, in the system's key space, not the operator's: a second operator
    (or the simulation) refunding the same claim gets the one refund, not a refusal."""
    refund = refund_order(
        order=claim.shipment.order,
        amount=None,
        reason="cold_chain_claim",
        request_id=f"claim:{claim.pk}",
        actor=actor,
        scope="system:cold_chain_claims",
    )
    ColdChainClaim.objects.filter(pk=claim.pk).update(status=ClaimStatus.REFUNDED, refund=refund)
    claim.refresh_from_db()
    return claim


def temperature_summary(shipment: Shipment) -> dict[str, Any] | None:
    values = [t for _, t in shipment.readings.values_list("recorded_at", "celsius")]
    if not values:
        return None
    return {"readings": len(values), "min": str(min(values)), "max": str(max(values))}


# ---------------------------------------------------------------- partner events
def partner_events_ingest(partner_code: str, raw: list[RawEvent]) -> list[tuple[str, str, bool]]:
    """Apply a partner's scans: all validated first (a bad code changes nothing), then each
    recorded once; returns (waybill, parcel status, recorded now) per event."""
    for e in raw:
        if normalise(e.code) is None:
            raise UnknownScanCode(f"Unknown scan code {e.code!r}.", fields={"code": [e.code]})
    carried = set(
        ShipmentLeg.objects.filter(
            shipment_id__in={e.waybill for e in raw}, partner__code=partner_code
        ).values_list("shipment_id", flat=True)
    )
    missing = sorted({e.waybill for e in raw} - carried)
    if missing:
        raise NotYourParcel(f"No parcel of yours with waybill {missing[0]}.")
    results = []
    for e in raw:
        _event, created = event_record(
            waybill=e.waybill,
            source=partner_code,
            source_event_id=e.event_id,
            kind="scan",
            status=normalise(e.code) or "",
            occurred_at=e.occurred_at,
            location=e.location,
            description=describe(e.code),
        )
        if created and e.leg is not None:
            _leg_times(e)
        status = Shipment.objects.values_list("status", flat=True).get(pk=e.waybill)
        results.append((e.waybill, status, created))
    return results


def _leg_times(e: RawEvent) -> None:
    legs = ShipmentLeg.objects.filter(shipment_id=e.waybill, sequence=e.leg or 0)
    if e.code == "DEP":
        legs.filter(started_at__isnull=True).update(started_at=e.occurred_at)
    elif e.code in ("ARR", "DLV"):
        legs.filter(ended_at__isnull=True).update(ended_at=e.occurred_at)


def partner_key_issue(partner: LogisticsPartner) -> str:
    """A new API key (`tlp_…`) for a partner's systems, shown once; the old one stops working."""
    plain, digest_value = new_secret("tlp")
    LogisticsPartner.objects.filter(pk=partner.pk).update(api_key_digest=digest_value)
    return plain


def partner_for_key(token: str) -> LogisticsPartner | None:
    return LogisticsPartner.objects.filter(api_key_digest=digest(token), is_active=True).first()
