"""Periodic work for the embedded profile: a daemon thread in the web process.

The production profile runs the same `run_due_jobs` from a worker on the distributed queue.
"""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections

from tradelane.campaigns.services import campaigns_advance, flash_claims_expire
from tradelane.customs.declarations import declarations_run
from tradelane.customs.exports import export_declarations_open
from tradelane.inventory.services import reservations_expire
from tradelane.logistics.carrier_sync import carriers_sync
from tradelane.logistics.shipments import shipments_open
from tradelane.orders.services import orders_expire_unpaid
from tradelane.payments.ledger import pending_expire
from tradelane.payments.wallets import topups_settle

logger = logging.getLogger(__name__)


def run_due_jobs() -> dict[str, int]:
    return {
        "campaigns_moved": campaigns_advance(),
        "flash_claims_expired": flash_claims_expire(),
        "orders_expired": orders_expire_unpaid(),
        "reservations_expired": reservations_expire(),
        "pending_transfers_expired": pending_expire(),
        "topups_settled": topups_settle(),
        **declarations_run(),
        "export_declarations": export_declarations_open(),
        "shipments_opened": shipments_open(),
        "shipments_moved": carriers_sync(),
    }


class JobLoop(threading.Thread):
    def __init__(self, interval_seconds: float = 30.0) -> None:
        super().__init__(name="tradelane-jobs", daemon=True)
        self.interval = interval_seconds
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            try:
                done = run_due_jobs()
                if any(done.values()):
                    logger.info("background jobs: %s", done)
            except Exception:
                logger.exception("background jobs failed; will retry")
            finally:
                close_old_connections()
