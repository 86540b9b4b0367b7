"""What ops keeps: the state of each background job step, for operators and the health JSON."""

from __future__ import annotations

from django.db import models


class JobStep(models.Model):
    """One step of `run_due_jobs` (e.g. "declarations", "shipments_open"): when it last ran,
    last succeeded and last failed, and how many runs in a row it has failed."""

    name = models.CharField(primary_key=True, max_length=60)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_ok_at = models.DateTimeField(null=True, blank=True)
    last_failed_at = models.DateTimeField(null=True, blank=True)
    failures_in_a_row = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.failures_in_a_row} failures in a row)"
