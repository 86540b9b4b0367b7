from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tradelane.fulfilment.services.shipments import shipments_replan
from tradelane.logistics.selectors import planning_network


class Command(BaseCommand):
    help = "Re-plan every parcel not yet picked up against lane capacity, and report the plan."

    def handle(self, *args: Any, **options: Any) -> None:
        plan = shipments_replan()
        lanes = planning_network().lanes
        self.stdout.write(
            f"planned {len(plan.assignments)} parcels, unplanned {len(plan.unplanned)}; "
            f"cost AUD {plan.cost / 100:,.2f}; gap to LP bound {plan.gap:.2%}; "
            f"expected on time {plan.expected_on_time:.1%}"
        )
        busiest = sorted(
            plan.lane_parcels,
            key=lambda c: plan.lane_parcels[c] / max(lanes[c].capacity_parcels, 1),
        )[-10:]
        for code in reversed(busiest):
            lane = lanes[code]
            self.stdout.write(
                f"  {code:<32} {plan.lane_parcels[code]:>6}/{lane.capacity_parcels} parcels  "
                f"{plan.lane_kg[code]:>9.1f}/{lane.capacity_kg} kg"
            )
        for parcel_id, reason in list(plan.unplanned.items())[:20]:
            self.stdout.write(f"  unplanned {parcel_id}: {reason}")
