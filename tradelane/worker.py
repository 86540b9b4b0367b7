"""The Celery application of the production profile; `tradelane worker` runs it.

The broker is TASK_QUEUE_URL (Redis or RabbitMQ). Tasks only carry ids: the database is the
source of truth, so a lost or repeated message delays work but never duplicates it.

Two queues: `celery` (the default: the outbox relay and webhook deliveries) and `jobs` (the
periodic jobs, `ops.due_jobs`), each with its own consumer in production, so a backlog of
deliveries cannot starve expiry, customs and settlement. A periodic message expires before its
next one is sent, so a stalled worker finds one of each waiting, not a pile.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tradelane.settings")

QUEUES = ("celery", "jobs")

app = Celery("tradelane")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["tradelane.outbox", "tradelane.ops"])
app.conf.beat_schedule = {
    "outbox-sweep": {"task": "outbox.relay", "schedule": 5.0, "options": {"expires": 5.0}},
    "due-jobs": {"task": "ops.due_jobs", "schedule": 30.0, "options": {"expires": 30.0}},
}
