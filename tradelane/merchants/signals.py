"""A merchant key lives no longer than the person who issued it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from tradelane.core import clock
from tradelane.merchants.models import ApiKey


@receiver(pre_delete, sender=get_user_model(), dispatch_uid="merchants.revoke_issuers_keys")
def revoke_issuers_keys(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Deleting a person revokes the keys they issued, in the deletion's transaction, before
    `created_by` is cleared (it is SET_NULL, so the keys would otherwise outlive them)."""
    ApiKey.objects.filter(created_by=instance, revoked_at__isnull=True).update(
        revoked_at=clock.now()
    )
