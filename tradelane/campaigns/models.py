"""Campaigns, flash sales and vouchers.

Orders reference these by order number (a string), never by foreign key: `campaigns` sits below
`orders` in the dependency order, so its tables cannot point up at an order's table.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SCHEDULED = "scheduled", "Scheduled"
    LIVE = "live", "Live"
    ENDED = "ended", "Ended"
    CANCELLED = "cancelled", "Cancelled"


class DiscountKind(models.TextChoices):
    PERCENT_OFF = "percent_off", "Percent off the listing price"
    FIXED_PRICE = "fixed_price", "A fixed price per listing"


class CampaignRounding(models.TextChoices):
    EXACT = "exact", "To the minor unit (half up)"
    DOWN_WHOLE = "down_whole", "Down to the whole unit"
    DOWN_CHARM_99 = "down_charm_99", "Down to the nearest .99"
    DOWN_ENDS_IN_8 = "down_ends_in_8", "Down to the nearest whole number ending in 8"


class Campaign(models.Model):
    """A window in which eligible listings sell at a campaign price. Eligibility lists are
    empty for "any"; only merchants who opted in take part."""

    code = models.SlugField(max_length=60, unique=True)
    name_en = models.CharField(max_length=120)
    name_zh_hans = models.CharField(max_length=120)
    headline_en = models.CharField(max_length=200, blank=True)
    headline_zh_hans = models.CharField(max_length=200, blank=True)
    body_en = models.TextField(blank=True)
    body_zh_hans = models.TextField(blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    markets = models.JSONField(default=list, blank=True, help_text='market codes, e.g. ["CN"]')
    origin_countries = models.JSONField(default=list, blank=True, help_text='e.g. ["AU", "NZ"]')
    origin_regions = models.JSONField(default=list, blank=True, help_text='e.g. ["Tasmania"]')
    categories = models.JSONField(default=list, blank=True, help_text="catalog category codes")
    temperature_classes = models.JSONField(default=list, blank=True, help_text="chilled, frozen")
    discount_kind = models.CharField(
        max_length=12, choices=DiscountKind.choices, default=DiscountKind.PERCENT_OFF
    )
    percent_off = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    rounding = models.CharField(
        max_length=16, choices=CampaignRounding.choices, default=CampaignRounding.EXACT
    )
    template = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="campaign_window_ordered"
            ),
            models.CheckConstraint(
                condition=Q(percent_off__gte=0, percent_off__lt=100), name="campaign_percent_range"
            ),
        ]
        indexes = [models.Index(fields=["status", "ends_at"], name="campaign_status_end")]

    def __str__(self) -> str:
        return self.code

    def name_in(self, language: str) -> str:
        return self.name_zh_hans if language == "zh-hans" and self.name_zh_hans else self.name_en

    def headline_in(self, language: str) -> str:
        chinese = language == "zh-hans" and self.headline_zh_hans
        return self.headline_zh_hans if chinese else self.headline_en

    def body_in(self, language: str) -> str:
        return self.body_zh_hans if language == "zh-hans" and self.body_zh_hans else self.body_en


class CampaignMerchant(models.Model):
    """A merchant's opt-in: its eligible listings take the campaign price."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="opt_ins")
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.CASCADE, related_name="+")
    opted_in_at = models.DateTimeField()
    opted_in_by = models.CharField(max_length=80, help_text="merchant:<id>, operator:<id>")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "merchant"], name="campaign_merchant_once")
        ]

    def __str__(self) -> str:
        return f"{self.merchant_id} in {self.campaign_id}"


class CampaignListing(models.Model):
    """A listing the campaign names: featured on the storefront, and/or its fixed campaign
    price (a fixed-price campaign prices only the listings it names)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="listings")
    listing = models.ForeignKey("catalog.Listing", on_delete=models.CASCADE, related_name="+")
    fixed_price_minor = models.BigIntegerField(null=True, blank=True)
    featured = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "listing"], name="campaign_listing_once"),
            models.CheckConstraint(
                condition=Q(fixed_price_minor__isnull=True) | Q(fixed_price_minor__gt=0),
                name="campaign_fixed_price_positive",
            ),
        ]
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"listing {self.listing_id} in {self.campaign_id}"


class FlashSale(models.Model):
    """Limited units of one listing at a flash price. `sold` counts units claimed and not given
    back; it only moves by conditional UPDATE, and the database refuses `sold > units`."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="flash_sales")
    listing = models.ForeignKey("catalog.Listing", on_delete=models.CASCADE, related_name="+")
    price_minor = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    units = models.PositiveIntegerField()
    sold = models.PositiveIntegerField(default=0)
    sold_out = models.BooleanField(default=False, help_text="the cheap early answer for claims")
    per_buyer_limit = models.PositiveIntegerField(default=1)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(sold__lte=F("units")), name="flash_sold_le_units"),
            models.CheckConstraint(condition=Q(price_minor__gt=0), name="flash_price_positive"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="flash_window_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"flash sale {self.pk}: {self.sold}/{self.units} of listing {self.listing_id}"


class FlashSaleBuyer(models.Model):
    """Units one buyer holds or bought in one flash sale; never above the per-buyer limit.

    A claim counts on two rows: the account's (`consumer:<id>`) and, when the buyer gave a
    mainland identity, the person's (`identity:<keyed digest of the number>`, shared by every
    account with that number, `consumer` empty). Both must stay within the limit."""

    flash_sale = models.ForeignKey(FlashSale, on_delete=models.CASCADE, related_name="buyers")
    buyer_key = models.CharField(max_length=80)
    consumer = models.ForeignKey(
        "accounts.Consumer", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    claimed = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["flash_sale", "buyer_key"], name="flash_buyer_key_once")
        ]

    def __str__(self) -> str:
        return f"{self.buyer_key}: {self.claimed} of flash sale {self.flash_sale_id}"


class ClaimStatus(models.TextChoices):
    HELD = "held", "Held for the buyer"
    CONVERTED = "converted", "Placed in an order"
    EXPIRED = "expired", "Hold ran out, units back"
    RELEASED = "released", "Order unpaid or cancelled, units back"


class FlashSaleClaim(models.Model):
    flash_sale = models.ForeignKey(FlashSale, on_delete=models.CASCADE, related_name="claims")
    consumer = models.ForeignKey("accounts.Consumer", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()
    price_minor = models.BigIntegerField()
    status = models.CharField(max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.HELD)
    order_number = models.CharField(max_length=20, blank=True)
    identity_key = models.CharField(
        max_length=80, blank=True, default="", help_text="the person's buyer row it counted on"
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["status", "expires_at"], name="flash_claim_status_expiry"),
            models.Index(fields=["consumer", "status"], name="flash_claim_consumer"),
            models.Index(fields=["order_number"], name="flash_claim_order"),
        ]

    def __str__(self) -> str:
        return f"claim {self.pk}: {self.quantity} of flash sale {self.flash_sale_id}"


class VoucherKind(models.TextChoices):
    AMOUNT = "amount", "An amount off, in the market currency"
    PERCENT = "percent", "A percentage off"


class Voucher(models.Model):
    """A code a buyer types at checkout. Funded by the merchant whose goods it discounts:
    bound to one merchant, or to a campaign (its opted-in merchants' eligible goods)."""

    code = models.CharField(max_length=40, unique=True, help_text="stored upper case")
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.CASCADE, related_name="vouchers"
    )
    merchant = models.ForeignKey(
        "merchants.Merchant", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    market = models.ForeignKey("markets.Market", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=8, choices=VoucherKind.choices)
    amount_minor = models.BigIntegerField(default=0, help_text="kind=amount, market currency")
    percent = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    min_spend_minor = models.BigIntegerField(default=0)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    total_cap = models.PositiveIntegerField(null=True, blank=True, help_text="empty: no cap")
    per_buyer_cap = models.PositiveIntegerField(default=1)
    uses = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(total_cap__isnull=True) | Q(uses__lte=F("total_cap")),
                name="voucher_uses_le_cap",
            ),
            models.CheckConstraint(
                condition=Q(campaign__isnull=False) | Q(merchant__isnull=False),
                name="voucher_has_funder",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="voucher_window_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class VoucherBuyer(models.Model):
    voucher = models.ForeignKey(Voucher, on_delete=models.CASCADE, related_name="buyers")
    consumer = models.ForeignKey("accounts.Consumer", on_delete=models.CASCADE, related_name="+")
    uses = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["voucher", "consumer"], name="voucher_buyer_once")
        ]

    def __str__(self) -> str:
        return f"{self.consumer_id}: {self.uses} of {self.voucher_id}"


class RedemptionStatus(models.TextChoices):
    ACTIVE = "active", "Used"
    GIVEN_BACK = "given_back", "Given back (order unpaid, cancelled or refunded)"


class VoucherRedemption(models.Model):
    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="redemptions")
    consumer = models.ForeignKey("accounts.Consumer", on_delete=models.PROTECT, related_name="+")
    discount_minor = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    status = models.CharField(
        max_length=10, choices=RedemptionStatus.choices, default=RedemptionStatus.ACTIVE
    )
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.voucher_id} by {self.consumer_id}"


class VoucherRedemptionOrder(models.Model):
    """One row per order a redemption covers, so an order's status change finds it by index."""

    redemption = models.ForeignKey(
        VoucherRedemption, on_delete=models.CASCADE, related_name="orders"
    )
    order_number = models.CharField(max_length=20, unique=True)

    def __str__(self) -> str:
        return self.order_number
