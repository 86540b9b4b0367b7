"""The partner network in the database: loaded from JSON (all or nothing), and read back as the
planner's pure lane specs with costs converted to one planning currency at today's mid rates."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from tradelane.core import clock
from tradelane.core.errors import NotFound
from tradelane.logistics.models import Lane, LogisticsPartner, Node
from tradelane.logistics.planner import LaneSpec, Network
from tradelane.markets.selectors import fx_mid_rate

DEMO_NETWORK = Path(__file__).resolve().parent / "data" / "demo_network.json"
PLANNING_CURRENCY = "AUD"


@transaction.atomic
def network_load(path: Path) -> dict[str, int]:
    """Create or update partners, nodes and lanes by code from the file."""
    raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    partners = {}
    for p in raw["partners"]:
        partners[p["code"]], _ = LogisticsPartner.objects.update_or_create(
            code=p["code"], defaults={k: v for k, v in p.items() if k != "code"}
        )
    nodes = {}
    for n in raw["nodes"]:
        nodes[n["code"]], _ = Node.objects.update_or_create(
            code=n["code"], defaults={k: v for k, v in n.items() if k != "code"}
        )
    for lane in raw["lanes"]:
        fields = {
            k: v for k, v in lane.items() if k not in ("code", "partner", "origin", "destination")
        }
        Lane.objects.update_or_create(
            code=lane["code"],
            defaults={
                **fields,
                "partner": partners[lane["partner"]],
                "origin": nodes[lane["origin"]],
                "destination": nodes[lane["destination"]],
            },
        )
    return {"partners": len(partners), "nodes": len(nodes), "lanes": len(raw["lanes"])}


def lane_update(*, partner: LogisticsPartner, code: str, **changes: object) -> Lane:
    lane = Lane.objects.filter(code=code, partner=partner).first()
    if lane is None:
        raise NotFound("No lane of yours with this code.", code="lane_not_found")
    if changes:
        Lane.objects.filter(pk=lane.pk).update(**changes)
        lane.refresh_from_db()
    return lane


def _to_planning(currencies: set[str]) -> dict[str, Decimal]:
    now = clock.now()
    return {
        c: Decimal(1) if c == PLANNING_CURRENCY else fx_mid_rate(c, PLANNING_CURRENCY, now).rate
        for c in currencies
    }


def lane_specs(lanes: list[Lane]) -> list[LaneSpec]:
    rates = _to_planning({lane.currency for lane in lanes})
    return [
        LaneSpec(
            code=lane.code,
            partner=lane.partner.code,
            origin=lane.origin.code,
            destination=lane.destination.code,
            customs_mode=lane.customs_mode,
            temperature_classes=frozenset(lane.temperature_classes),
            mean_hours=float(lane.transit_mean_hours),
            sd_hours=float(lane.transit_sd_hours),
            cost_per_kg=Decimal(lane.cost_per_kg_minor) * rates[lane.currency],
            cost_per_parcel=Decimal(lane.cost_per_parcel_minor) * rates[lane.currency],
            capacity_kg=Decimal(lane.capacity_kg),
            capacity_parcels=lane.capacity_parcels,
        )
        for lane in lanes
    ]


def planning_network() -> Network:
    """Active lanes of active partners, except bulk replenishment (sea and air freight into
    bonded zones), which moves stock, not parcels."""
    lanes = list(
        Lane.objects.filter(is_active=True, partner__is_active=True)
        .exclude(destination__kind="bonded_zone")
        .select_related("partner", "origin", "destination")
    )
    return Network(lane_specs(lanes))


_cache: dict[str, tuple[float, Network]] = {}
CACHE_SECONDS = 60


def cached_planning_network() -> Network:
    """The checkout's view of the network, rebuilt at most once a minute per process, so an
    operator's or partner's lane change reaches quotes within a minute."""
    import time

    hit = _cache.get("network")
    if hit is None or time.monotonic() - hit[0] > CACHE_SECONDS:
        hit = (time.monotonic(), planning_network())
        _cache["network"] = hit
    return hit[1]
