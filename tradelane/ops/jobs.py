"""Periodic work for the embedded profile: a daemon thread in the web process.

The production profile runs the same `run_due_jobs` from a worker on the distributed queue.
Each step runs even when another fails: a failure is logged at ERROR with the step's name,
recorded on the step's `JobStep` row (shown in the health JSON), and returned in the result
as `failed:<step>`; the step runs again next time.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from contextlib import nullcontext

from django.db import close_old_connections, connection, transaction

from tradelane.campaigns.services import campaigns_advance, flash_claims_expire
from tradelane.clearance.services.declarations import (
    declarations_answer,
    declarations_open,
    declarations_submit,
    describe_failure,
)
from tradelane.clearance.services.exports import export_declarations_open
from tradelane.clearance.services.tax_claims import tax_claims_settle
from tradelane.core import clock
from tradelane.fulfilment.services.carrier_sync import carriers_sync
from tradelane.fulfilment.services.domestic import domestic_shipments_sync
from tradelane.fulfilment.services.returns import returns_sync
from tradelane.fulfilment.services.shipments import shipments_open
from tradelane.inventory.services import reservations_expire
from tradelane.ops.models import JobStep
from tradelane.orders.services import orders_expire_unpaid
from tradelane.payments.services.ledger import pending_expire
from tradelane.payments.services.remittance import remittances_due
from tradelane.payments.services.wallets import topups_settle

logger = logging.getLogger(__name__)

Step = Callable[[], dict[str, int]]


def _steps() -> list[tuple[str, Step]]:
    """In order; looked up on each run (so a test can replace one)."""
    return [
        ("campaigns_advance", lambda: {"campaigns_moved": campaigns_advance()}),
        ("flash_claims_expire", lambda: {"flash_claims_expired": flash_claims_expire()}),
        ("orders_expire_unpaid", lambda: {"orders_expired": orders_expire_unpaid()}),
        ("reservations_expire", lambda: {"reservations_expired": reservations_expire()}),
        ("pending_expire", lambda: {"pending_transfers_expired": pending_expire()}),
        ("topups_settle", lambda: {"topups_settled": topups_settle()}),
        ("declarations_open", lambda: {"declarations_opened": declarations_open()}),
        ("declarations_submit", declarations_submit),
        ("declarations_answer", declarations_answer),
        ("customs_tax_claims", tax_claims_settle),
        ("export_declarations_open", lambda: {"export_declarations": export_declarations_open()}),
        ("shipments_open", lambda: {"shipments_opened": shipments_open()}),
        ("carriers_sync", lambda: {"shipments_moved": carriers_sync()}),
        ("posts_sync", lambda: {"post_parcels_moved": domestic_shipments_sync()}),
        ("returns_sync", lambda: {"returns_refunded": returns_sync()}),
        ("remittances_due", remittances_due),
    ]


def run_due_jobs() -> dict[str, int]:
    done: dict[str, int] = {}
    outcomes: dict[str, str | None] = {}  # step -> None if it succeeded, else its error
    for name, step in _steps():
        # Called inside a transaction (tests, a caller's atomic block), a step gets a savepoint
        # so its failure cannot leave the caller's transaction unusable for the next step.
        guard = transaction.atomic() if connection.in_atomic_block else nullcontext()
        try:
            with guard:
                done.update(step())
        except Exception as exc:  # every step runs; this one is retried on the next run
            logger.exception("background job step %s failed; the other steps go on", name)
            done[f"failed:{name}"] = 1
            outcomes[name] = describe_failure(exc)
            if not connection.in_atomic_block:
                connection.close_if_unusable_or_obsolete()  # a lost connection is reopened
        else:
            outcomes[name] = None
    _record(outcomes)
    return done


def _record(outcomes: dict[str, str | None]) -> None:
    """One read and one upsert per run for every step's state (a racing worker's count may be
    lost: the counts are for operators, not for deciding anything)."""
    now = clock.now()
    try:
        known = JobStep.objects.in_bulk(list(outcomes))
        rows = []
        for name, error in outcomes.items():
            row = known.get(name) or JobStep(name=name)
            row.last_run_at = now
            if error is None:
                row.last_ok_at, row.failures_in_a_row = now, 0
            else:
                row.last_failed_at, row.last_error = now, error
                row.failures_in_a_row += 1
            rows.append(row)
        guard = transaction.atomic() if connection.in_atomic_block else nullcontext()
        with guard:
            JobStep.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["name"],
                update_fields=[
                    "last_run_at",
                    "last_ok_at",
                    "last_failed_at",
                    "failures_in_a_row",
                    "last_error",
                ],
            )
    except Exception:
        logger.exception("could not record the background jobs' outcome")


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
