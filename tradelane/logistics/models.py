from __future__ import annotations

import secrets

from django.db import models

from tradelane.logistics.rules import provenance_token


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


class ShipmentStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    PICKED_UP = "picked_up", "Picked up"
    IN_TRANSIT = "in_transit", "In transit"
    CUSTOMS = "customs", "At customs"
    OUT_FOR_DELIVERY = "out_for_delivery", "Out for delivery"
    DELIVERED = "delivered", "Delivered"
    DELIVERY_FAILED = "delivery_failed", "Delivery failed"
    RETURNED = "returned", "Returned"


class Shipment(models.Model):
    """One parcel: its waybill, its route of partner legs, its journey and temperatures."""

    waybill = models.CharField(max_length=13, primary_key=True)
    public_token = models.CharField(
        max_length=32,
        unique=True,
        default=provenance_token,
        editable=False,
        help_text="the public provenance page's address (/p/<token>); the waybill is not public",
    )
    order = models.OneToOneField("orders.Order", on_delete=models.PROTECT, related_name="shipment")
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, related_name="+")
    customs_mode = models.CharField(max_length=4, blank=True)
    temperature_class = models.CharField(max_length=8)
    weight_g = models.PositiveIntegerField()
    origin = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="+")
    destination = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=20, choices=ShipmentStatus.choices, default=ShipmentStatus.PENDING
    )
    status_at = models.DateTimeField(null=True, blank=True, help_text="when the status happened")
    eta = models.DateTimeField(null=True, blank=True)
    cost_minor = models.BigIntegerField(help_text="planned partner cost, AUD")
    excursion = models.BooleanField(default=False)
    chain_head = models.CharField(max_length=64, blank=True, help_text="latest provenance hash")
    created_at = models.DateTimeField()
    synced_at = models.DateTimeField(
        null=True, blank=True, help_text="when the carriers were last asked for news"
    )
    # Parcels outside China travel with one national post, not a planned route of legs.
    post = models.CharField(
        max_length=32, blank=True, default="", db_default="", help_text="SXPOST, KIWIPOST"
    )
    tracking_number = models.CharField(
        max_length=40, blank=True, default="", db_default="", help_text="the post's article id"
    )
    shipped_by = models.CharField(
        max_length=10,
        blank=True,
        default="",
        db_default="",
        help_text="platform (a label booked here) or merchant (its own lodgement)",
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["post", "status"],
                condition=~models.Q(post=""),
                name="shipment_post_status",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "tracking_number"],
                condition=~models.Q(tracking_number=""),
                name="one_shipment_per_tracking_number",
            )
        ]

    def __str__(self) -> str:
        return self.waybill


class ShipmentLeg(models.Model):
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="legs")
    sequence = models.PositiveSmallIntegerField()
    lane = models.ForeignKey(Lane, on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey(LogisticsPartner, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["shipment", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["shipment", "sequence"], name="one_leg_per_sequence")
        ]

    def __str__(self) -> str:
        return f"{self.shipment_id}#{self.sequence} {self.lane_id}"


def event_nonce() -> str:
    """128 random bits hashed into each event with its content, so that a published hash
    cannot be reproduced from a guess at the content (say, a refusal's reason)."""
    return secrets.token_hex(16)


class TrackingEvent(models.Model):
    """One link of the parcel's provenance chain: hash = sha256(previous hash + this event,
    its private nonce included)."""

    shipment = models.ForeignKey(Shipment, on_delete=models.PROTECT, related_name="events")
    source = models.CharField(max_length=40, help_text="partner code, merchant, customs, platform")
    source_event_id = models.CharField(max_length=80)
    status = models.CharField(max_length=20, blank=True, help_text="normalised; blank: no change")
    kind = models.CharField(max_length=24, help_text="packed, scan, customs, temperature, ...")
    description = models.CharField(max_length=200, blank=True)
    location = models.CharField(max_length=60, blank=True)
    occurred_at = models.DateTimeField()
    received_at = models.DateTimeField()
    nonce = models.CharField(
        max_length=32,
        blank=True,
        default=event_nonce,
        editable=False,
        help_text="private, never shown; blank on events recorded before nonces (hashed without)",
    )
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["shipment", "source", "source_event_id"], name="event_once_per_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.shipment_id} {self.kind} {self.status}"


class TemperatureReading(models.Model):
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="readings")
    partner = models.ForeignKey(LogisticsPartner, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    celsius = models.DecimalField(max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["recorded_at"]
        constraints = [
            models.UniqueConstraint(fields=["shipment", "recorded_at"], name="one_reading_per_time")
        ]

    def __str__(self) -> str:
        return f"{self.shipment_id} {self.recorded_at:%H:%M} {self.celsius}"


class ClaimStatus(models.TextChoices):
    OPEN = "open", "Open"
    REFUNDED = "refunded", "Consumer refunded"


class ColdChainClaim(models.Model):
    """A cold-chain excursion, claimed against the partner whose leg carried the parcel then."""

    shipment = models.OneToOneField(Shipment, on_delete=models.PROTECT, related_name="claim")
    partner = models.ForeignKey(LogisticsPartner, on_delete=models.PROTECT, related_name="claims")
    leg = models.ForeignKey(ShipmentLeg, null=True, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField()
    minutes = models.PositiveIntegerField()
    worst_celsius = models.DecimalField(max_digits=5, decimal_places=2)
    reason = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.OPEN)
    refund = models.ForeignKey(
        "payments.Refund", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"claim {self.shipment_id} vs {self.partner_id}"


class ReturnStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    DECLINED = "declined", "Declined"
    IN_TRANSIT = "in_transit", "On its way back"
    REFUNDED = "refunded", "Received and refunded"


class ReturnRequest(models.Model):
    """A delivered post parcel the shopper sends back: approved by the merchant with a return
    label from the same post, refunded (and restocked if the merchant says so) on arrival."""

    order = models.OneToOneField(
        "orders.Order", on_delete=models.PROTECT, related_name="return_request"
    )
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=12, choices=ReturnStatus.choices, default=ReturnStatus.REQUESTED
    )
    reason = models.CharField(max_length=200)
    restock = models.BooleanField(default=False)
    post = models.CharField(max_length=32, blank=True)
    tracking_number = models.CharField(max_length=40, blank=True)
    refund = models.ForeignKey(
        "payments.Refund", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    synced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "synced_at"], name="return_status_synced")]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "tracking_number"],
                condition=~models.Q(tracking_number=""),
                name="one_return_per_tracking_number",
            )
        ]

    def __str__(self) -> str:
        return f"return of {self.order_id} ({self.status})"
