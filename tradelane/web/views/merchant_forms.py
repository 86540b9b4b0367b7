"""The merchant portal's forms: they only parse and bound input; the services decide."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tradelane.core.text import validate_name
from tradelane.web.views.merchant_labels import (
    CATEGORY,
    LISTING_STATUS,
    PRICING_MODE,
    ROUNDING,
    TEMPERATURE,
    choices,
)

MARKETS = [("CN", _("China")), ("AU", _("Australia")), ("NZ", _("New Zealand")),
           ("SG", _("Singapore")), ("MY", _("Malaysia"))]  # fmt: skip


class ApplyForm(forms.Form):
    legal_name = forms.CharField(
        label=_("Legal name"), min_length=2, max_length=200, validators=[validate_name]
    )
    trading_name = forms.CharField(
        label=_("Trading name"), min_length=2, max_length=200, validators=[validate_name]
    )
    country = forms.ChoiceField(
        label=_("Country"), choices=[("AU", _("Australia")), ("NZ", _("New Zealand"))]
    )
    business_number = forms.CharField(
        label=_("ABN or NZBN"),
        min_length=9,
        max_length=20,
        help_text=_("ABN: 11 digits (Australia). NZBN: 13 digits (New Zealand)."),
    )
    region = forms.CharField(label=_("State or region"), max_length=60, required=False)
    contact_email = forms.EmailField(label=_("Owner's email (your sign-in)"), max_length=150)
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput, min_length=10, max_length=128
    )


class ProductForm(forms.Form):
    """Content in both languages; the Chinese fields are what shoppers in China read."""

    name_en = forms.CharField(label=_("Name (English)"), max_length=200, validators=[validate_name])
    name_zh_hans = forms.CharField(
        label=_("Name (Chinese)"),
        max_length=200,
        validators=[validate_name],
        required=False,
        help_text=_("Required before the product can be listed in China."),
    )
    description_en = forms.CharField(
        label=_("Description (English)"), widget=forms.Textarea, max_length=5000, required=False
    )
    description_zh_hans = forms.CharField(
        label=_("Description (Chinese)"), widget=forms.Textarea, max_length=5000, required=False
    )
    brand = forms.CharField(label=_("Brand"), max_length=120, validators=[validate_name])
    brand_story_en = forms.CharField(
        label=_("Brand story (English)"), widget=forms.Textarea, max_length=5000, required=False
    )
    brand_story_zh_hans = forms.CharField(
        label=_("Brand story (Chinese)"), widget=forms.Textarea, max_length=5000, required=False
    )
    category = forms.ChoiceField(label=_("Category"), choices=choices(CATEGORY))
    hs_code = forms.CharField(
        label=_("HS code"), max_length=13, help_text=_("6, 8 or 10 digits, e.g. 0409.00.00")
    )
    origin_region = forms.CharField(label=_("Origin region"), max_length=80, required=False)
    temperature_class = forms.ChoiceField(
        label=_("Temperature class"), choices=choices(TEMPERATURE)
    )
    shelf_life_days = forms.IntegerField(
        label=_("Shelf life (days)"), min_value=1, max_value=3650, required=False
    )
    certifications = forms.CharField(
        label=_("Certifications"),
        max_length=400,
        required=False,
        help_text=_("Separated by commas, e.g. HACCP, Organic"),
    )

    def cleaned_certifications(self) -> list[str]:
        raw = str(self.cleaned_data.get("certifications") or "")
        return [c.strip() for c in raw.split(",") if c.strip()][:20]


class VariantForm(forms.Form):
    """The first variant (SKU) of a new product; more come through the API."""

    sku = forms.CharField(label=_("SKU"), max_length=64)
    variant_name_en = forms.CharField(
        label=_("Variant (English)"),
        max_length=120,
        help_text=_("e.g. 500g jar"),
        validators=[validate_name],
    )
    variant_name_zh_hans = forms.CharField(
        label=_("Variant (Chinese)"), max_length=120, required=False, validators=[validate_name]
    )
    price = forms.DecimalField(
        label=_("Your price"),
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        help_text=_("In your settlement currency, before shipping and tax."),
    )
    weight_g = forms.IntegerField(label=_("Packed weight (g)"), min_value=1, max_value=100_000)
    length_mm = forms.IntegerField(label=_("Length (mm)"), min_value=1, max_value=2000)
    width_mm = forms.IntegerField(label=_("Width (mm)"), min_value=1, max_value=2000)
    height_mm = forms.IntegerField(label=_("Height (mm)"), min_value=1, max_value=2000)


class ListingForm(forms.Form):
    variant = forms.TypedChoiceField(label=_("Product and variant"), coerce=int)
    market = forms.ChoiceField(label=_("Market"), choices=MARKETS)
    pricing_mode = forms.ChoiceField(label=_("Pricing"), choices=choices(PRICING_MODE))
    fixed_price = forms.DecimalField(
        label=_("Fixed price (market currency)"),
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        required=False,
    )
    markup_bps = forms.IntegerField(
        label=_("Markup (basis points)"),
        min_value=-5000,
        max_value=50000,
        initial=0,
        required=False,
        help_text=_("100 basis points = 1 %. Used with a derived price."),
    )
    rounding = forms.ChoiceField(label=_("Rounding"), choices=choices(ROUNDING))
    active = forms.BooleanField(
        label=_("Active (visible to shoppers)"), required=False, initial=True
    )

    def __init__(self, *args: object, variants: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["variant"].choices = variants  # type: ignore[attr-defined]


class ListingFilterForm(forms.Form):
    """The listings table's filters; a value it does not know narrows nothing."""

    # "Filter by ...": the listing form on the same page has its own "Market" field
    market = forms.ChoiceField(
        label=_("Filter by market"), choices=[("", _("All markets")), *MARKETS], required=False
    )
    status = forms.ChoiceField(
        label=_("Filter by status"),
        choices=[("", _("Any status")), *choices(LISTING_STATUS)],
        required=False,
    )
    q = forms.CharField(
        label=_("Name or SKU"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def filters(self) -> dict[str, str]:
        """The valid, non-empty filters: what the table is narrowed by and what the pager
        carries to the next page."""
        self.is_valid()
        return {
            name: str(value).strip()
            for name, value in self.cleaned_data.items()
            if value and str(value).strip()
        }


class StockForm(forms.Form):
    variant = forms.TypedChoiceField(label=_("Variant"), coerce=int)
    on_hand = forms.IntegerField(label=_("Units on hand"), min_value=0, max_value=10_000_000)
    location_code = forms.CharField(
        label=_("Location code"),
        max_length=32,
        required=False,
        help_text=_("Empty: your own warehouse. A bonded warehouse code for stock in China."),
    )

    def __init__(self, *args: object, variants: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["variant"].choices = variants  # type: ignore[attr-defined]


EARLIEST_REPORT_DAY = date(2000, 1, 1)
LATEST_REPORT_DAY = date(2099, 12, 31)


class ReportDateField(forms.DateField):
    """A day a report can start or end on. Days near year 1 or 9999 overflow the report's
    datetime arithmetic, so they are refused here with a message, not a server error."""

    def __init__(self, **kwargs: Any) -> None:
        attrs = {
            "type": "date",
            "min": EARLIEST_REPORT_DAY.isoformat(),
            "max": LATEST_REPORT_DAY.isoformat(),
        }
        super().__init__(widget=forms.DateInput(attrs=attrs), **kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and not EARLIEST_REPORT_DAY <= value <= LATEST_REPORT_DAY:
            raise forms.ValidationError(
                _("Pick a day between %(first)s and %(last)s.")
                % {"first": EARLIEST_REPORT_DAY.isoformat(), "last": LATEST_REPORT_DAY.isoformat()},
                code="out_of_range",
            )


class StatementForm(forms.Form):
    start = ReportDateField(label=_("From"))
    end = ReportDateField(label=_("To (inclusive)"))


class AnalyticsForm(forms.Form):
    market = forms.ChoiceField(label=_("Market"), choices=MARKETS, required=False)
    start = ReportDateField(label=_("Campaign from"), required=False)
    end = ReportDateField(label=_("Campaign to"), required=False)
