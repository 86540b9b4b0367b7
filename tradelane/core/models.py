from __future__ import annotations

from django.db import models


class IdempotencyRecord(models.Model):
    """The first answer to a creating POST, replayed for a repeat with the same key and body."""

    scope = models.CharField(max_length=80, help_text="who sent it: consumer:<id>, merchant:<id>")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="sha256 of method, path and body")
    response_status = models.PositiveSmallIntegerField(null=True)
    response_body = models.JSONField(null=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="idempotency_scope_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"
