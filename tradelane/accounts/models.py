from __future__ import annotations

from django.conf import settings
from django.db import models


class AuthToken(models.Model):
    """A bearer token for the API, issued at login; only its digest is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"token {self.pk} for user {self.user_id}"


class Consumer(models.Model):
    """A person who buys on a storefront and, later, pays with the wallet."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consumer"
    )
    display_name = models.CharField(max_length=80)
    market = models.ForeignKey("markets.Market", on_delete=models.PROTECT, related_name="+")
    locale = models.CharField(max_length=10, default="en")
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.display_name


class Address(models.Model):
    consumer = models.ForeignKey(Consumer, on_delete=models.CASCADE, related_name="addresses")
    recipient = models.CharField(max_length=80)
    phone = models.CharField(max_length=32)
    country = models.CharField(max_length=2)
    province = models.CharField(max_length=40, help_text="province, state or region")
    city = models.CharField(max_length=60)
    district = models.CharField(max_length=60, blank=True)
    line1 = models.CharField(max_length=200)
    postcode = models.CharField(max_length=12, blank=True)
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "addresses"
        indexes = [models.Index(fields=["consumer", "-is_default"], name="address_consumer")]

    def __str__(self) -> str:
        return f"{self.recipient}, {self.city}, {self.province}, {self.country}"
