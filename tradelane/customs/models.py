"""What customs owns: buyers' identities (encrypted at rest)."""

from __future__ import annotations

from django.db import models


class BuyerIdentity(models.Model):
    """A mainland buyer's real name and resident identity number, required for CBEC imports.

    Both are Fernet-encrypted; pages and logs see only the masked forms. `number_index` is a
    keyed digest that finds every use of one identity number (the annual quota is per person)."""

    consumer = models.OneToOneField(
        "accounts.Consumer", on_delete=models.PROTECT, related_name="identity"
    )
    name_encrypted = models.TextField()
    number_encrypted = models.TextField()
    number_index = models.CharField(max_length=64, db_index=True)
    name_masked = models.CharField(max_length=40)
    number_masked = models.CharField(max_length=18)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "buyer identities"

    def __str__(self) -> str:
        return f"{self.name_masked} {self.number_masked}"
