"""The job that lets the simulated partners move the parcels: it asks each parcel's carrier
for the scans and temperature readings that have happened since, and feeds them through the
same ingestion the partner API uses. Customs clearance joins the provenance chain here too."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import F, Max, Prefetch, Q

from tradelane.core import clock
from tradelane.customs.models import Declaration, DeclarationStatus
from tradelane.fulfilment.services.tracking import (
    event_record,
    partner_events_ingest,
    readings_record,
)
from tradelane.logistics.models import (
    LogisticsPartner,
    NodeKind,
    Shipment,
    ShipmentLeg,
    TemperatureReading,
    TrackingEvent,
)
from tradelane.logistics.partners.carrier.client import LegPlan
from tradelane.logistics.partners.carrier.mapper import RawEvent
from tradelane.logistics.partners.carrier.settings import carrier_settings
from tradelane.logistics.partners.registry import carrier

DONE = ("delivered", "returned")
POLL_EVERY = timedelta(hours=2)  # what carriers' tracking APIs expect of a poller


def poll_every() -> timedelta:
    """POLL_EVERY in the carriers' time: at demo speed (tradelane.tools.demo.live) they work faster
    than the wall clock, and so are asked more often, or the demo would wait hours between
    polls for a journey that takes minutes."""
    return POLL_EVERY / carrier_settings().time_factor


@dataclass(frozen=True)
class CustomsOutcome:
    cleared_at: datetime | None = None
    rejected_at: datetime | None = None


CUSTOMS_EVENTS: dict[str, str] = {
    DeclarationStatus.CLEARED: "cleared by China customs ({mode}) / 海关已放行",
    DeclarationStatus.REJECTED: "refused by China customs ({mode}): {reason} / 海关不予放行",
}


DeclarationRow = tuple[str, str, datetime | None, str, str]  # pk, status, decided, mode, reason


@dataclass
class Known:
    """What the platform already knows about a batch of parcels, read in a few queries so
    that polling hundreds of parcels costs a few queries each, not a dozen."""

    recorded: dict[str, set[tuple[str, str]]]
    declarations: dict[int, DeclarationRow]
    last_reading: dict[str, datetime]

    @classmethod
    def of(cls, shipments: list[Shipment]) -> Known:
        recorded: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for waybill, source, event_id in TrackingEvent.objects.filter(
            shipment__in=shipments
        ).values_list("shipment_id", "source", "source_event_id"):
            recorded[waybill].add((source, event_id))
        declarations = {
            row[0]: row[1:]
            for row in Declaration.objects.filter(
                order_id__in=[s.order_id for s in shipments]
            ).values_list("order_id", "pk", "status", "decided_at", "customs_mode", "reason_code")
        }
        last_reading = dict(
            TemperatureReading.objects.filter(shipment__in=shipments)
            .values("shipment_id")
            .annotate(last=Max("recorded_at"))
            .values_list("shipment_id", "last")
        )
        return cls(recorded, declarations, last_reading)


def _customs_outcome(shipment: Shipment, known: Known) -> CustomsOutcome:
    """China customs' decision on the parcel's order, added to its provenance chain once."""
    row = known.declarations.get(shipment.order_id)
    if row is None or row[1] not in CUSTOMS_EVENTS:
        return CustomsOutcome()
    pk, status, decided_at, mode, reason = row
    decided = decided_at or clock.now()
    if ("customs", pk) not in known.recorded[shipment.pk]:
        event_record(
            waybill=shipment.pk,
            source="customs",
            source_event_id=pk,
            kind="customs",
            occurred_at=decided,
            description=CUSTOMS_EVENTS[status].format(mode=mode, reason=reason),
        )
    if status == DeclarationStatus.CLEARED:
        return CustomsOutcome(cleared_at=decided)
    return CustomsOutcome(rejected_at=decided)


def _partner_of(scan: RawEvent, partner_of: dict[int, str]) -> str:
    if scan.leg:
        return partner_of[scan.leg]
    return partner_of[1] if scan.code == "PU" else partner_of[len(partner_of)]


def _ingest_new(
    scans: list[RawEvent], partner_of: dict[int, str], recorded: set[tuple[str, str]]
) -> int:
    """Only scans not yet recorded go through ingestion (a repeat would be ignored anyway, but
    each costs a locked read of the parcel)."""
    by_partner: dict[str, list[RawEvent]] = defaultdict(list)
    for scan in scans:
        partner = _partner_of(scan, partner_of)
        if (partner, scan.event_id) not in recorded:
            by_partner[partner].append(scan)
    for code, batch in by_partner.items():
        partner_events_ingest(code, batch)
    return sum(len(batch) for batch in by_partner.values())


def _record_new_readings(
    shipment: Shipment, partner_code: str, scans: list[RawEvent], last: datetime | None
) -> None:
    readings = [
        (at, celsius)
        for at, celsius in carrier(partner_code).readings(
            shipment.pk,
            shipment.temperature_class,
            start=scans[0].occurred_at,
            end=scans[-1].occurred_at,
        )
        if last is None or at > last
    ]
    if readings:
        partner = LogisticsPartner.objects.get(code=partner_code)
        readings_record(partner=partner, waybill=shipment.pk, readings=readings)


def _leg_plans(legs: list[ShipmentLeg]) -> list[LegPlan]:
    return [
        LegPlan(
            leg.sequence,
            leg.lane.origin.code,
            leg.lane.destination.code,
            leg.lane.destination.kind == NodeKind.GATEWAY,
            float(leg.lane.transit_mean_hours),
            float(leg.lane.transit_sd_hours),
        )
        for leg in legs
    ]


LEGS = Prefetch(
    "legs",
    queryset=ShipmentLeg.objects.select_related(
        "lane__origin", "lane__destination", "partner"
    ).order_by("sequence"),
)


def shipment_sync(shipment: Shipment, known: Known | None = None) -> int:
    """Ask the parcel's carriers what has happened since; returns the number of new scans."""
    known = known or Known.of([shipment])
    legs = list(shipment.legs.all())
    partner_of = {leg.sequence: leg.partner.code for leg in legs}
    customs = _customs_outcome(shipment, known)
    scans = carrier(partner_of[1]).scans(
        shipment.pk,
        _leg_plans(legs),
        handed_over_at=shipment.created_at,
        cleared_at=customs.cleared_at,
        rejected_at=customs.rejected_at,
        bonded=shipment.customs_mode == "1210",
        now=clock.now(),
    )
    added = _ingest_new(scans, partner_of, known.recorded[shipment.pk])
    if shipment.temperature_class != "ambient" and scans:
        last = known.last_reading.get(shipment.pk)
        _record_new_readings(shipment, partner_of[len(legs)], scans, last)
    return added


def carriers_sync(*, limit: int = 500) -> int:
    """Ask about each parcel in flight at most every `poll_every()`, least recently asked
    first, so a backlog larger than one run's limit still moves every parcel. Scans carry the time they
    happened, so polling less often delays what we know, not the journey."""
    now = clock.now()
    batch = list(
        Shipment.objects.filter(~Q(status__in=DONE), post="")  # posts: domestic.py
        .filter(Q(synced_at__isnull=True) | Q(synced_at__lte=now - poll_every()))
        .order_by(F("synced_at").asc(nulls_first=True), "created_at")
        .prefetch_related(LEGS)[:limit]
    )
    if not batch:
        return 0
    known = Known.of(batch)
    moved = sum(1 for s in batch if shipment_sync(s, known))
    Shipment.objects.filter(pk__in=[s.pk for s in batch]).update(synced_at=now)
    return moved
