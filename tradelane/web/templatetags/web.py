"""Template helpers shared by every page: money per locale, QR codes and barcodes as inline SVG
(drawn server-side by segno and python-barcode, so pages need no script or CDN for them)."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import segno
from barcode import Code128
from barcode.writer import SVGWriter
from django import template
from django.utils.safestring import SafeString, mark_safe

from tradelane.core.money import Money
from tradelane.web import formatting

register = template.Library()
PX_PER_MM = 96 / 25.4


@register.filter
def money(value: Money | None) -> str:
    """`{{ total|money }}`: a Money in the page's language (¥1,280.00 / A$88.00)."""
    return formatting.money_text(value)


@register.simple_tag
def minor_money(minor: int, currency: str) -> str:
    """`{% minor_money account.balance_minor 'CNY' %}` for amounts stored in minor units."""
    return formatting.minor_text(int(minor), currency)


@register.filter
def number(value: Decimal | int | float) -> str:
    return formatting.number_text(value)


@register.simple_tag
def qr_svg(data: str, label: str = "", scale: int = 6) -> SafeString:
    """An accessible inline QR code (segno), crisp at any size."""
    # omitsize leaves only the viewBox, so CSS sizes the code to its box
    svg = segno.make(data, error="m").svg_inline(
        scale=scale, border=2, dark="#14231a", omitsize=True
    )
    return mark_safe(f'<figure class="qr" role="img" aria-label="{label}">{svg}</figure>')


@register.simple_tag
def barcode_svg(data: str, label: str = "") -> SafeString:
    """A Code 128 barcode as inline SVG (python-barcode), the format tills scan."""
    buffer = io.BytesIO()
    options: dict[str, Any] = {
        "module_height": 14,
        "font_size": 0,
        "quiet_zone": 2,
        "text_distance": 1,
    }
    Code128(data, writer=SVGWriter()).write(buffer, options=options)
    svg = buffer.getvalue().decode()
    svg = _scalable(svg[svg.index("<svg") :])
    return mark_safe(f'<figure class="barcode" role="img" aria-label="{label}">{svg}</figure>')


def _scalable(svg: str) -> str:
    """python-barcode writes width and height in mm and no viewBox; swap them for a viewBox
    so the barcode scales to its container like the QR code."""
    match = re.search(r'<svg[^>]*?width="([\d.]+)mm"[^>]*?height="([\d.]+)mm"', svg)
    if match is None:
        return svg
    width, height = match.group(1), match.group(2)
    head = match.group(0)
    # the bars are drawn in mm; CSS user units are px at 96 dpi
    box = f"0 0 {float(width) * PX_PER_MM:.2f} {float(height) * PX_PER_MM:.2f}"
    scalable = head.replace(f'width="{width}mm"', f'viewBox="{box}"')
    scalable = scalable.replace(f'height="{height}mm"', 'preserveAspectRatio="none"')
    return svg.replace(head, scalable, 1)


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    """`{{ labels|get_item:code }}`: the label of a stored code, else the code itself."""
    return mapping.get(key, key)
