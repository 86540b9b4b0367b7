"""Products in two languages as explicit columns (`*_en`, `*_zh_hans`).

Why not a translation library: the platform has exactly two content languages, both are
required for a China listing, and search, admin and the API address each one directly. Plain
columns keep queries and indexes obvious, cost no join, and need no manager patching.
"""

from __future__ import annotations

from django.db import models


class Category(models.TextChoices):
    FOOD_BEVERAGE = "food_beverage", "Food and beverage"
    DAIRY = "dairy", "Dairy"
    MEAT_SEAFOOD = "meat_seafood", "Meat and seafood"
    FRESH_PRODUCE = "fresh_produce", "Fresh fruit and vegetables"
    COSMETICS = "cosmetics", "Cosmetics and skincare"
    MOTHER_BABY = "mother_baby", "Mother and baby"
    HEALTH_SUPPLEMENTS = "health_supplements", "Health supplements"
    WINE = "wine", "Wine"


class TemperatureClass(models.TextChoices):
    AMBIENT = "ambient", "Ambient (15 to 25 °C)"
    CHILLED = "chilled", "Chilled (0 to 4 °C)"
    FROZEN = "frozen", "Frozen (-18 °C or colder)"


class CnTaxClass(models.TextChoices):
    """The VAT and consumption-tax class of a good under China's CBEC regime."""

    STANDARD = "standard", "VAT 13 %"
    AGRICULTURAL = "agricultural", "VAT 9 % (agricultural goods)"
    COSMETICS_HIGH_END = "cosmetics_high_end", "VAT 13 % + consumption tax 15 %"
    WINE = "wine", "VAT 13 % + consumption tax 10 %"


class ProductStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    ARCHIVED = "archived", "Archived"


class Product(models.Model):
    merchant = models.ForeignKey(
        "merchants.Merchant", on_delete=models.CASCADE, related_name="products"
    )
    name_en = models.CharField(max_length=200)
    name_zh_hans = models.CharField(max_length=200, blank=True)
    description_en = models.TextField(blank=True)
    description_zh_hans = models.TextField(blank=True)
    brand = models.CharField(max_length=120)
    brand_story_en = models.TextField(blank=True)
    brand_story_zh_hans = models.TextField(blank=True)
    category = models.CharField(max_length=24, choices=Category.choices)
    cn_tax_class = models.CharField(max_length=24, choices=CnTaxClass.choices)
    hs_code = models.CharField(max_length=10, help_text="6, 8 or 10 digits, no dots")
    origin_country = models.CharField(max_length=2)
    origin_region = models.CharField(max_length=80, blank=True)
    origin_region_zh_hans = models.CharField(max_length=80, blank=True)
    temperature_class = models.CharField(
        max_length=8, choices=TemperatureClass.choices, default=TemperatureClass.AMBIENT
    )
    shelf_life_days = models.PositiveIntegerField(null=True, blank=True)
    certifications = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=10, choices=ProductStatus.choices, default=ProductStatus.DRAFT
    )
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["merchant", "status"], name="product_merchant_status"),
            models.Index(fields=["category", "status"], name="product_category_status"),
        ]

    def __str__(self) -> str:
        return self.name_en

    def name_in(self, language: str) -> str:
        return self.name_zh_hans if language == "zh-hans" and self.name_zh_hans else self.name_en


class Variant(models.Model):
    """A sellable unit (SKU), priced by the merchant in its settlement currency."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.CASCADE, related_name="+")
    sku = models.CharField(max_length=64)
    name_en = models.CharField(max_length=120)
    name_zh_hans = models.CharField(max_length=120, blank=True)
    gtin = models.CharField(max_length=14, blank=True)
    price_minor = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    weight_g = models.PositiveIntegerField()
    length_mm = models.PositiveIntegerField()
    width_mm = models.PositiveIntegerField()
    height_mm = models.PositiveIntegerField()
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["merchant", "sku"], name="variant_sku_per_merchant"),
            models.CheckConstraint(
                condition=models.Q(price_minor__gt=0), name="variant_price_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sku} {self.name_en}"


class PricingMode(models.TextChoices):
    FIXED = "fixed", "Fixed price in the market currency"
    DERIVED = "derived", "Merchant price through FX, plus markup, rounded"


class RoundingRule(models.TextChoices):
    EXACT = "exact", "To the minor unit (half up)"
    WHOLE = "whole", "To the whole unit (half up)"
    CHARM_99 = "charm_99", "Up to the next .99"
    ENDS_IN_8 = "ends_in_8", "Up to the next whole number ending in 8"


class ListingStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"


class Listing(models.Model):
    """What one market sees of one variant: the price in its currency, the price charged."""

    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="listings")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="listings")
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.CASCADE, related_name="+")
    market = models.ForeignKey("markets.Market", on_delete=models.PROTECT, related_name="listings")
    pricing_mode = models.CharField(max_length=8, choices=PricingMode.choices)
    fixed_price_minor = models.BigIntegerField(null=True, blank=True)
    markup_bps = models.IntegerField(default=0)
    rounding = models.CharField(
        max_length=10, choices=RoundingRule.choices, default=RoundingRule.EXACT
    )
    price_minor = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    fx_rate = models.DecimalField(max_digits=20, decimal_places=10, null=True, blank=True)
    priced_at = models.DateTimeField()
    status = models.CharField(
        max_length=8, choices=ListingStatus.choices, default=ListingStatus.ACTIVE
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["variant", "market"], name="listing_variant_market"),
            models.CheckConstraint(
                condition=models.Q(price_minor__gt=0), name="listing_price_positive"
            ),
        ]
        indexes = [models.Index(fields=["market", "status"], name="listing_market_status")]

    def __str__(self) -> str:
        return f"{self.variant_id} on {self.market_id}"


# The search index lives in its own module; imported here so Django registers its models.
from tradelane.catalog.search_models import SearchTerm as SearchTerm  # noqa: E402
from tradelane.catalog.search_models import StorefrontEntry as StorefrontEntry  # noqa: E402


def _image_path(image: ProductImage, filename: str) -> str:
    return f"products/{image.merchant_id}/{filename}"


class ProductImage(models.Model):
    """A picture of a product, kept in the default file storage (MEDIA_ROOT locally), with a
    small copy for cards made once at upload (`catalog.images.product_image_add`). Several rows
    may name one stored file: the demo draws one picture per design and shares it."""

    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.CASCADE, related_name="+")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(upload_to=_image_path, width_field="width", height_field="height")
    thumbnail = models.ImageField(upload_to=_image_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt_en = models.CharField(max_length=200, blank=True)
    alt_zh_hans = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ("product_id", "position", "pk")
        indexes = [models.Index(fields=["product", "position"], name="product_image_order")]

    def __str__(self) -> str:
        return self.image.name or ""
