"""Storefront labels for catalog values merchants enter in English: certification names (a
known list, translated in the page's language; an unknown one is shown as written) and the
product's region of origin (its Chinese column where the merchant or the demo filled it)."""

from __future__ import annotations

from django import template
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tradelane.catalog.models import Product, ProductImage

register = template.Library()

CERTIFICATION_LABELS: dict[str, Promise] = {
    "Australian Certified Organic": _("Australian Certified Organic"),
    "NASAA Certified Organic": _("NASAA Certified Organic"),
    "BioGro": _("BioGro"),
    "AsureQuality Organic": _("AsureQuality Organic"),
    "HACCP": _("HACCP"),
    "Halal": _("Halal"),
    "Kosher": _("Kosher"),
    "Cruelty free": _("Cruelty free"),
    "Vegan": _("Vegan"),
    "Australian Made": _("Australian Made"),
    "Made in New Zealand": _("Made in New Zealand"),
    "FernMark": _("FernMark"),
    "TGA listed": _("TGA listed"),
    "GMP certified": _("GMP certified"),
    "UMF Honey Association": _("UMF Honey Association"),
    "MGO tested": _("MGO tested"),
    "Export registered establishment": _("Export registered establishment"),
    "MPI Risk Management Programme": _("MPI Risk Management Programme"),
    "SAMR registered formula": _("SAMR registered formula"),
    "Sustainable Winegrowing Australia": _("Sustainable Winegrowing Australia"),
    "Sustainable Winegrowing New Zealand": _("Sustainable Winegrowing New Zealand"),
    "Freshcare": _("Freshcare"),
    "GLOBALG.A.P.": _("GLOBALG.A.P."),
    "MSC certified sustainable seafood": _("MSC certified sustainable seafood"),
}


@register.filter
def certification(name: str) -> str:
    label = CERTIFICATION_LABELS.get(name.strip())
    return str(label) if label is not None else name


@register.filter
def origin_region(product: Product) -> str:
    chinese = (get_language() or "").startswith("zh")
    if chinese and product.origin_region_zh_hans:
        return product.origin_region_zh_hans
    return product.origin_region


@register.filter
def image_alt(image: ProductImage, product: Product) -> str:
    """What a screen reader says for the picture: the merchant's words, else the product name."""
    chinese = (get_language() or "").startswith("zh")
    if chinese:
        return image.alt_zh_hans or product.name_zh_hans or product.name_en
    return image.alt_en or product.name_en
