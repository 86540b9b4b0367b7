"""The job that lets the simulated partners move the parcels: it asks each parcel's carrier
for the scans and temperature readings that have happened since, and feeds them through the
same ingestion the partner API uses. Customs clearance joins the provenance chain here too."""

from __future__ import annotations

from django.db.models import Q

from tradelane.core import clock
from tradelane.customs.models import Declaration, DeclarationStatus
from tradelane.logistics.models import LogisticsPartner, NodeKind, Shipment
from tradelane.logistics.partners.carrier.client import LegPlan
from tradelane.logistics.partners.registry import carrier
from tradelane.logistics.tracking import event_record, partner_events_ingest, readings_record

DONE = ("delivered", "returned")


def _cleared_at(shipment: Shipment):  # type: ignore[no-untyped-def]
    declaration = Declaration.objects.filter(order_id=shipment.order_id).first()
    if declaration is None or declaration.status != DeclarationStatus.CLEARED:
        return None
    event_record(
        waybill=shipment.pk,
        source="customs",
        source_event_id=declaration.pk,
        kind="customs",
        occurred_at=declaration.decided_at or clock.now(),
        description=f"cleared by China customs ({declaration.customs_mode}) / 海关已放行",
    )
    return declaration.decided_at


def shipment_sync(shipment: Shipment) -> int:
    legs = list(
        shipment.legs.select_related("lane__origin", "lane__destination", "partner").order_by(
            "sequence"
        )
    )
    plans = [
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
    partner_of = {leg.sequence: leg.partner.code for leg in legs}
    now = clock.now()
    scans = carrier(legs[0].partner.code).scans(
        shipment.pk,
        plans,
        handed_over_at=shipment.created_at,
        cleared_at=_cleared_at(shipment),
        bonded=shipment.customs_mode == "1210",
        now=now,
    )
    for scan in scans:
        partner_events_ingest(
            partner_of.get(scan.leg or 1, legs[0].partner.code)
            if scan.leg
            else legs[0].partner.code
            if scan.code == "PU"
            else partner_of[len(legs)],
            [scan],
        )
    if shipment.temperature_class != "ambient" and scans:
        readings = carrier(legs[0].partner.code).readings(
            shipment.pk,
            shipment.temperature_class,
            start=scans[0].occurred_at,
            end=scans[-1].occurred_at,
        )
        partner = LogisticsPartner.objects.get(code=legs[-1].partner.code)
        readings_record(partner=partner, waybill=shipment.pk, readings=readings)
    return len(scans)


def carriers_sync(*, limit: int = 500) -> int:
    in_flight = Shipment.objects.filter(~Q(status__in=DONE)).order_by("created_at")[:limit]
    return sum(1 for s in in_flight if shipment_sync(s))
