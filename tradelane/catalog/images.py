"""Product pictures: an upload is checked and re-encoded with Pillow, and a square thumbnail for
the storefront's cards is made once, at upload, so no page ever resizes. Files go through
Django's default storage (MEDIA_ROOT locally), so another storage backend needs no code here."""

from __future__ import annotations

import io
from typing import IO

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from tradelane.catalog.errors import ImageRejected
from tradelane.catalog.models import Product, ProductImage
from tradelane.core import clock

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # far above any product photo, far below a decompression bomb
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
FULL_SIDE = 1200  # the product page shows at most this
THUMB_SIDE = 320  # a card, at twice its CSS size for sharp phones
JPEG_QUALITY = 85
MAX_IMAGES_PER_PRODUCT = 8


def _rejected(message: str) -> ImageRejected:
    return ImageRejected(message, fields={"image": [message]})


def _opened(data: bytes) -> Image.Image:
    if not data:
        raise _rejected(_("Choose a picture to upload."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise _rejected(_("The picture is larger than 5 MB."))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind, (width, height) = probe.format, probe.size
            probe.verify()  # a truncated or corrupt file fails here, before any decoding
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise _rejected(_("This file is not a picture we can read (JPEG, PNG or WebP).")) from exc
    if kind not in ACCEPTED_FORMATS:
        raise _rejected(_("Upload a JPEG, PNG or WebP picture."))
    if width * height > MAX_PIXELS:
        raise _rejected(_("The picture has too many pixels; 6000 × 6000 at most."))
    image = Image.open(io.BytesIO(data))
    return ImageOps.exif_transpose(image).convert("RGB")  # phones store rotation in EXIF


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def renditions(data: bytes) -> tuple[bytes, bytes]:
    """The page-sized picture (aspect kept) and the square card thumbnail, both JPEG."""
    image = _opened(data)
    full = image.copy()
    full.thumbnail((FULL_SIDE, FULL_SIDE), Image.Resampling.LANCZOS)
    thumb = ImageOps.fit(image, (THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    return _jpeg(full), _jpeg(thumb)


def product_image_add(
    *, product: Product, upload: IO[bytes], alt_en: str = "", alt_zh_hans: str = ""
) -> ProductImage:
    """Store a picture after the product's others. Nothing is stored when it is refused."""
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    full, thumb = renditions(data)
    with transaction.atomic():
        # the product row is the lock: two uploads at once cannot both pass the count
        Product.objects.select_for_update().filter(pk=product.pk).first()
        taken = ProductImage.objects.filter(product=product)
        if taken.count() >= MAX_IMAGES_PER_PRODUCT:
            raise _rejected(_("A product has at most 8 pictures; remove one first."))
        last = taken.aggregate(last=Max("position"))["last"]
        image = ProductImage(
            merchant_id=product.merchant_id,
            product=product,
            alt_en=alt_en.strip()[:200],
            alt_zh_hans=alt_zh_hans.strip()[:200],
            position=0 if last is None else last + 1,
            created_at=clock.now(),
        )
        image.image.save(f"{product.pk}.jpg", ContentFile(full), save=False)
        image.thumbnail.save(f"{product.pk}-thumb.jpg", ContentFile(thumb), save=False)
        with Image.open(io.BytesIO(full)) as stored:
            image.width, image.height = stored.size
        image.save()
    return image


def product_image_remove(*, product: Product, image_id: int) -> bool:
    """Remove one of the product's pictures (its files too, unless another row shares them)."""
    image = ProductImage.objects.filter(product=product, pk=image_id).first()
    if image is None:
        return False
    names = [name for name in (image.image.name, image.thumbnail.name) if name]
    image.delete()
    for name in names:
        shared = (
            ProductImage.objects.filter(image=name).exists()
            or ProductImage.objects.filter(thumbnail=name).exists()
        )
        if not shared:
            image.image.storage.delete(name)
    return True
