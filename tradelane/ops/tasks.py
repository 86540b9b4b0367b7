"""Celery tasks of the production worker for the periodic jobs the embedded profile runs in
a thread."""

from __future__ import annotations

from celery import shared_task

from tradelane.ops.jobs import run_due_jobs


@shared_task(name="ops.due_jobs")
def due_jobs() -> dict[str, int]:
    return run_due_jobs()
