from __future__ import annotations

from django.db import models


class ImportRegime(models.TextChoices):
    CN_CBEC = "cn_cbec", "China cross-border e-commerce retail import"
    AU_GST = "au_gst", "Australia GST on low-value imports"
    NZ_GST = "nz_gst", "New Zealand GST on low-value imports"
    SG_GST = "sg_gst", "Singapore GST on low-value goods"
    MY_LVG = "my_lvg", "Malaysia sales tax on low-value goods"


class Market(models.Model):
    code = models.CharField(max_length=2, primary_key=True)
    name_en = models.CharField(max_length=80)
    name_zh_hans = models.CharField(max_length=80)
    currency = models.CharField(max_length=3)
    language = models.CharField(max_length=10, help_text="default storefront language")
    import_regime = models.CharField(max_length=16, choices=ImportRegime.choices)
    is_active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.code} {self.name_en}"


class FxRate(models.Model):
    """A mid-market rate snapshot: 1 `base` buys `rate` `quote`, as published by `source`."""

    base = models.CharField(max_length=3)
    quote = models.CharField(max_length=3)
    rate = models.DecimalField(max_digits=20, decimal_places=10)
    source = models.CharField(max_length=80)
    as_of = models.DateTimeField()
    loaded_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["base", "quote", "-as_of"], name="fxrate_pair_asof")]
        constraints = [
            models.UniqueConstraint(
                fields=["base", "quote", "as_of", "source"], name="fxrate_unique_snapshot"
            ),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="fxrate_positive"),
        ]

    def __str__(self) -> str:
        return f"1 {self.base} = {self.rate} {self.quote} ({self.source} {self.as_of:%Y-%m-%d})"


class FxQuote(models.Model):
    """A locked conversion: the customer rate holds until `expires_at`."""

    base = models.CharField(max_length=3)
    quote = models.CharField(max_length=3)
    mid_rate = models.DecimalField(max_digits=20, decimal_places=10)
    spread_bps = models.PositiveIntegerField()
    rate = models.DecimalField(max_digits=20, decimal_places=10)
    source = models.CharField(max_length=200)
    rate_as_of = models.DateTimeField()
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"quote {self.pk}: 1 {self.base} = {self.rate} {self.quote}"
