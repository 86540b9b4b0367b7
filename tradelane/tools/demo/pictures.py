"""Demo product pictures, drawn locally with Pillow (no downloads): a background in the
category's colour, a pale disc with the product line's initials, and its name and option below.
Products of one line and option share a design, so the demo draws each design once and
stores it once; every product still gets its own `ProductImage` row."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw, ImageFont

SIDE = 480
CATEGORY_COLOURS = {
    "food_beverage": (200, 120, 40),
    "dairy": (70, 130, 190),
    "meat_seafood": (170, 60, 60),
    "fresh_produce": (60, 150, 70),
    "cosmetics": (190, 90, 150),
    "mother_baby": (230, 150, 120),
    "health_supplements": (110, 90, 170),
    "wine": (120, 30, 60),
}
_PLACEHOLDER = re.compile(r"\{[a-z_0-9]+\}")


@dataclass(frozen=True)
class Design:
    category: str
    title: str  # the product line, e.g. "Manuka Honey"
    subtitle: str  # the option, e.g. "UMF 10+"; may be empty

    @property
    def initials(self) -> str:
        words = [w for w in re.split(r"[^A-Za-z]+", self.title) if w]
        return "".join(w[0] for w in words[:2]).upper() or "TL"

    @property
    def key(self) -> str:
        """A file name for the design: stable across runs, so a reseed reuses the files."""
        text = f"{self.category}-{self.title}-{self.subtitle}".lower()
        return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:120]


def line_title(name_template: str) -> str:
    """A kind's English name without its template fields: '{organic}{origin} Manuka Honey
    {opt}' -> 'Manuka Honey'; empty when the option is the whole name (infant formula)."""
    return " ".join(_PLACEHOLDER.sub(" ", name_template).split())


def design_for(category: str, name_template: str, option: str, code: str) -> Design:
    """The product line's name over its option; the option alone where it names the product."""
    title = line_title(name_template)
    if title:
        return Design(category, title, option)
    return Design(category, option or code.replace("_", " ").title(), "")


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _fit(draw: ImageDraw.ImageDraw, text: str, size: int, width: int) -> tuple[str, int]:
    while size > 12 and draw.textlength(text, font=_font(size)) > width:
        size -= 2
    return text, size


def draw(design: Design) -> bytes:
    """The design as a JPEG, SIDE pixels square."""
    colour = CATEGORY_COLOURS.get(design.category, (90, 110, 100))
    image = Image.new("RGB", (SIDE, SIDE), colour)
    pen = ImageDraw.Draw(image)
    # a lighter band at the top, so two products of one category still differ at a glance
    light = tuple(min(255, c + 45) for c in colour)
    pen.rectangle((0, 0, SIDE, SIDE // 6), fill=light)
    margin = SIDE // 6
    pen.ellipse((margin, margin - 20, SIDE - margin, SIDE - margin - 20), fill=(250, 246, 238))
    pen.text(
        (SIDE // 2, SIDE // 2 - 20), design.initials, font=_font(150), fill=colour, anchor="mm"
    )
    title, size = _fit(pen, design.title, 34, SIDE - 40)
    pen.text((SIDE // 2, SIDE - 62), title, font=_font(size), fill=(255, 255, 255), anchor="mm")
    if design.subtitle:
        subtitle, size = _fit(pen, design.subtitle, 24, SIDE - 40)
        pen.text(
            (SIDE // 2, SIDE - 28), subtitle, font=_font(size), fill=(255, 255, 255), anchor="mm"
        )
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()
