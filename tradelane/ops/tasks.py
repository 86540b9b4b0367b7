"""Celery tasks of the production worker for the periodic jobs the embedded profile runs in
a thread."""

from __future__ import annotations

from celery import shared_task

from tradelane.ops.jobs import run_due_jobs


@shared_task(name="ops.due_jobs")
def due_jobs() -> dict[str, int]:
    return run_due_jobs()


@shared_task(name="ops.ping", ignore_result=False)
def ping(nonce: str) -> dict[str, str]:
    """Proves the round trip web -> queue -> worker -> database (`tradelane queue-ping`)."""
    from tradelane.ops.health import database_status

    return {"nonce": nonce, "database": database_status()}
