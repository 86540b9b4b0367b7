from __future__ import annotations

from django.db import models


class ShippingRate(models.Model):
    """Flat parcel rates per market and temperature class, until the route planner prices lanes.

    Price = first_kg + additional_kg for every started kilogram past the first.
    """

    market = models.ForeignKey("markets.Market", on_delete=models.CASCADE, related_name="+")
    temperature_class = models.CharField(max_length=8)
    currency = models.CharField(max_length=3)
    first_kg_minor = models.PositiveIntegerField()
    additional_kg_minor = models.PositiveIntegerField()
    transit_days = models.PositiveSmallIntegerField(default=5)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["market", "temperature_class"], name="shipping_rate_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.market_id} {self.temperature_class}"
