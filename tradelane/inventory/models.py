from __future__ import annotations

from django.db import models
from django.db.models import F, Q


class LocationKind(models.TextChoices):
    MERCHANT_WAREHOUSE = "merchant_warehouse", "Merchant's own warehouse"
    BONDED_WAREHOUSE = "bonded_warehouse", "Partner's bonded warehouse"


class Location(models.Model):
    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=LocationKind.choices)
    country = models.CharField(max_length=2)
    city = models.CharField(max_length=60, blank=True)
    merchant = models.ForeignKey(
        "merchants.Merchant",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="locations",
    )
    serves_market = models.ForeignKey(
        "markets.Market",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="empty: ships to any market (merchant stock); set: a bonded warehouse's market",
    )

    def __str__(self) -> str:
        return self.name


class StockItem(models.Model):
    """Units of one variant at one location. `reserved` never exceeds `on_hand`: the database
    refuses it, and every change is a conditional UPDATE, never a read followed by a write."""

    variant = models.ForeignKey("catalog.Variant", on_delete=models.CASCADE, related_name="stock")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="stock")
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.CASCADE, related_name="+")
    on_hand = models.IntegerField(default=0)
    reserved = models.IntegerField(default=0)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["variant", "location"], name="stock_variant_location"),
            models.CheckConstraint(condition=Q(reserved__gte=0), name="stock_reserved_nonnegative"),
            models.CheckConstraint(
                condition=Q(reserved__lte=F("on_hand")), name="stock_reserved_le_on_hand"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.variant_id}@{self.location_id}: {self.on_hand} ({self.reserved} reserved)"

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


class ReservationStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    COMMITTED = "committed", "Committed (sold)"
    RELEASED = "released", "Released"
    EXPIRED = "expired", "Expired"
    RETURNED = "returned", "Sold, then returned to stock (refund before shipping)"


class Reservation(models.Model):
    stock_item = models.ForeignKey(StockItem, on_delete=models.PROTECT, related_name="reservations")
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()
    status = models.CharField(
        max_length=10, choices=ReservationStatus.choices, default=ReservationStatus.ACTIVE
    )
    reference = models.CharField(max_length=40, help_text="the order number that holds it")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["status", "expires_at"], name="reservation_status_expiry"),
            models.Index(fields=["reference"], name="reservation_reference"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} of {self.stock_item_id} for {self.reference} ({self.status})"
