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


class PartnerKind(models.TextChoices):
    POST = "post", "National post"
    FORWARDER = "forwarder", "Freight forwarder"
    AIRLINE = "airline", "Airline cargo"
    BONDED_WAREHOUSE = "bonded_warehouse", "Bonded warehouse"
    COURIER = "courier", "Express courier"
    CUSTOMS_BROKER = "customs_broker", "Customs broker"


class LogisticsPartner(models.Model):
    """A company whose capacity the network uses; Tradelane owns no trucks or warehouses."""

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=PartnerKind.choices)
    country = models.CharField(max_length=2)
    capabilities = models.JSONField(default=list, help_text="e.g. cold_chain, customs_clearance")
    api_key_digest = models.CharField(max_length=64, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class NodeKind(models.TextChoices):
    PICKUP_REGION = "pickup_region", "Pickup region (AU/NZ)"
    HUB = "hub", "Consolidation hub"
    GATEWAY = "gateway", "Gateway airport with customs"
    BONDED_ZONE = "bonded_zone", "Bonded zone"
    LAST_MILE = "last_mile", "Last-mile zone (province)"


class Node(models.Model):
    code = models.CharField(max_length=24, unique=True)
    name = models.CharField(max_length=120)
    name_zh = models.CharField(max_length=120, blank=True)
    kind = models.CharField(max_length=16, choices=NodeKind.choices)
    country = models.CharField(max_length=2)
    region = models.CharField(max_length=40, blank=True, help_text="state or province")

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class Lane(models.Model):
    """A partner's scheduled capacity between two nodes."""

    code = models.CharField(max_length=60, unique=True)
    partner = models.ForeignKey(LogisticsPartner, on_delete=models.PROTECT, related_name="lanes")
    origin = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="lanes_out")
    destination = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="lanes_in")
    mode = models.CharField(max_length=10, help_text="road, air, sea, courier")
    customs_mode = models.CharField(max_length=8, help_text="9610, 1210 or any")
    departure_weekdays = models.CharField(max_length=7, default="1234567", help_text="1=Mon")
    cutoff_hour = models.PositiveSmallIntegerField(default=17)
    transit_mean_hours = models.PositiveIntegerField()
    transit_sd_hours = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    cost_per_kg_minor = models.PositiveIntegerField()
    cost_per_parcel_minor = models.PositiveIntegerField()
    capacity_kg = models.PositiveIntegerField(help_text="per day")
    capacity_parcels = models.PositiveIntegerField(help_text="per day")
    temperature_classes = models.JSONField(default=list)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code
