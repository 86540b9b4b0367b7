from __future__ import annotations

import uuid

from django.db import models


class Cart(models.Model):
    consumer = models.ForeignKey(
        "accounts.Consumer", on_delete=models.CASCADE, related_name="carts"
    )
    market = models.ForeignKey("markets.Market", on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consumer", "market"], name="cart_consumer_market")
        ]

    def __str__(self) -> str:
        return f"cart {self.pk} of {self.consumer_id} on {self.market_id}"


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    listing = models.ForeignKey("catalog.Listing", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()
    added_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cart", "listing"], name="cartline_unique_listing"),
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="cartline_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x listing {self.listing_id}"


class CheckoutQuote(models.Model):
    """A priced cart: the landed price per merchant, held until `expires_at`, used at most once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consumer = models.ForeignKey("accounts.Consumer", on_delete=models.CASCADE, related_name="+")
    market = models.ForeignKey("markets.Market", on_delete=models.PROTECT, related_name="+")
    currency = models.CharField(max_length=3)
    cart_fingerprint = models.CharField(max_length=64)
    snapshot = models.JSONField()
    total_minor = models.BigIntegerField()
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"quote {self.pk}"


class CheckoutStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", "Awaiting payment"
    PAID = "paid", "Paid"
    EXPIRED = "expired", "Expired"
    CANCELED = "canceled", "Canceled"


class Checkout(models.Model):
    """One placement: one payment covers it, one order per merchant hangs off it."""

    consumer = models.ForeignKey(
        "accounts.Consumer", on_delete=models.PROTECT, related_name="checkouts"
    )
    market = models.ForeignKey("markets.Market", on_delete=models.PROTECT, related_name="+")
    quote = models.OneToOneField(CheckoutQuote, on_delete=models.PROTECT, related_name="checkout")
    currency = models.CharField(max_length=3)
    goods_minor = models.BigIntegerField()
    shipping_minor = models.BigIntegerField()
    tax_minor = models.BigIntegerField()
    total_minor = models.BigIntegerField()
    status = models.CharField(
        max_length=20, choices=CheckoutStatus.choices, default=CheckoutStatus.AWAITING_PAYMENT
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"checkout {self.pk}"


class OrderStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", "Awaiting payment"
    PAID = "paid", "Paid"
    IN_FULFILMENT = "in_fulfilment", "In fulfilment"
    SHIPPED = "shipped", "Shipped"
    DELIVERED = "delivered", "Delivered"
    COMPLETED = "completed", "Completed"
    CANCELED = "canceled", "Canceled"
    EXPIRED = "expired", "Expired"
    REFUNDED = "refunded", "Refunded"
    # A delivered order the shopper sends back (logistics.returns): refunded on receipt.
    RETURN_REQUESTED = "return_requested", "Return requested"
    RETURN_IN_TRANSIT = "return_in_transit", "Return on its way back"


class Order(models.Model):
    number = models.CharField(max_length=20, unique=True)
    checkout = models.ForeignKey(Checkout, on_delete=models.PROTECT, related_name="orders")
    consumer = models.ForeignKey(
        "accounts.Consumer", on_delete=models.PROTECT, related_name="orders"
    )
    merchant = models.ForeignKey(
        "merchants.Merchant", on_delete=models.PROTECT, related_name="orders"
    )
    market = models.ForeignKey("markets.Market", on_delete=models.PROTECT, related_name="+")
    currency = models.CharField(max_length=3)
    goods_minor = models.BigIntegerField()
    shipping_minor = models.BigIntegerField()
    tax_minor = models.BigIntegerField()
    total_minor = models.BigIntegerField()
    settlement_currency = models.CharField(max_length=3)
    fx_quote = models.ForeignKey("markets.FxQuote", on_delete=models.PROTECT, related_name="+")
    buyer_identity = models.JSONField(
        null=True,
        blank=True,
        help_text="CN: the identity at checkout (reference, quota key, encrypted name and number)",
    )
    customs_mode = models.CharField(
        max_length=4, blank=True, default="", db_default="", help_text="CN: 9610 or 1210"
    )
    tax_detail = models.JSONField()
    shipping_address = models.JSONField()
    status = models.CharField(
        max_length=20, choices=OrderStatus.choices, default=OrderStatus.AWAITING_PAYMENT
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["consumer", "-created_at"], name="order_consumer_recent"),
            models.Index(fields=["merchant", "status"], name="order_merchant_status"),
            models.Index(fields=["status", "expires_at"], name="order_status_expiry"),
        ]

    def __str__(self) -> str:
        return self.number


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, related_name="+")
    listing = models.ForeignKey("catalog.Listing", on_delete=models.PROTECT, related_name="+")
    variant = models.ForeignKey("catalog.Variant", on_delete=models.PROTECT, related_name="+")
    reservation = models.ForeignKey(
        "inventory.Reservation", on_delete=models.PROTECT, related_name="+"
    )
    sku = models.CharField(max_length=64)
    name_en = models.CharField(max_length=200)
    name_zh_hans = models.CharField(max_length=200)
    hs_code = models.CharField(max_length=10)
    quantity = models.PositiveIntegerField()
    unit_price_minor = models.BigIntegerField()
    goods_minor = models.BigIntegerField()
    shipping_minor = models.BigIntegerField()
    tax_minor = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.quantity} x {self.sku}"


class OrderStatusChange(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    actor = models.CharField(max_length=80, help_text="consumer:<id>, operator:<id>, system:<job>")
    reason = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_status} -> {self.to_status}"
