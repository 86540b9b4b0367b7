"""Writes of the logistics room: the partner network, loaded from JSON (all or nothing) and
changed lane by lane by its partners."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from tradelane.logistics.errors import LaneNotFound
from tradelane.logistics.models import Lane, LogisticsPartner, Node

DEMO_NETWORK = Path(__file__).resolve().parent / "data" / "demo_network.json"


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
        raise LaneNotFound("No lane of yours with this code.")
    if changes:
        Lane.objects.filter(pk=lane.pk).update(**changes)
        lane.refresh_from_db()
    return lane
