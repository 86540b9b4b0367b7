"""Product pictures: an upload is re-encoded with a square card thumbnail made at upload and
stored through Django's storage; a refused file stores nothing; the merchant's form on the
product page adds and removes them (only for the merchant's own products); the storefront shows
them with alt text, served from MEDIA_ROOT with DEBUG off; the demo draws one per design."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from PIL import Image

from tests import factories
from tradelane.catalog.errors import ImageRejected
from tradelane.catalog.images import THUMB_SIDE, product_image_add, product_image_remove
from tradelane.catalog.models import ProductImage
from tradelane.tools.demo import pictures

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def picture(size: tuple[int, int] = (800, 600), kind: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(out, kind)
    return out.getvalue()


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_an_upload_is_stored_with_a_square_thumbnail(media: Path) -> None:
    product = factories.product(factories.merchant())
    image = product_image_add(product=product, upload=io.BytesIO(picture()), alt_en="A jar")
    assert (image.width, image.height) == (800, 600)
    with Image.open(image.thumbnail.path) as thumb:
        assert thumb.size == (THUMB_SIDE, THUMB_SIDE)
        assert thumb.format == "JPEG"
    assert Path(image.image.path).is_relative_to(media)
    second = product_image_add(product=product, upload=io.BytesIO(picture(kind="JPEG")))
    assert second.position == image.position + 1
    assert len(stored_files(media)) == 4


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "Choose a picture"),
        (b"%PDF-1.4 not a picture", "not a picture"),
        (picture(kind="GIF"), "JPEG, PNG or WebP"),
        (picture()[:200], "not a picture"),  # truncated
    ],
)
def test_a_refused_file_stores_nothing(media: Path, data: bytes, words: str) -> None:
    product = factories.product(factories.merchant())
    with translation.override("en"), pytest.raises(ImageRejected) as refused:
        product_image_add(product=product, upload=io.BytesIO(data))
    assert words in str(refused.value.message)
    assert not ProductImage.objects.exists()
    assert stored_files(media) == []


def test_a_picture_too_large_is_refused(media: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tradelane.catalog.images.MAX_UPLOAD_BYTES", 1000)
    product = factories.product(factories.merchant())
    with pytest.raises(ImageRejected):
        product_image_add(product=product, upload=io.BytesIO(picture()))
    assert not ProductImage.objects.exists()
    assert stored_files(media) == []


def test_removing_a_picture_deletes_its_files_but_not_a_shared_design(media: Path) -> None:
    product = factories.product(factories.merchant())
    image = product_image_add(product=product, upload=io.BytesIO(picture()))
    other = factories.product(factories.merchant())
    shared = ProductImage.objects.create(
        merchant=other.merchant, product=other, image=image.image.name,
        thumbnail=image.thumbnail.name, width=1, height=1, created_at=image.created_at,
    )  # fmt: skip
    assert product_image_remove(product=product, image_id=image.pk)
    assert Path(shared.image.path).exists()  # still shown for the other product
    assert product_image_remove(product=other, image_id=shared.pk)
    assert stored_files(media) == []
    assert not product_image_remove(product=other, image_id=shared.pk)


def test_the_merchant_uploads_on_the_product_page_and_only_for_their_products() -> None:
    merchant = factories.merchant()
    product = factories.product(merchant)
    client = Client()
    assert client.login(username=merchant.contact_email, password=factories.PASSWORD)
    page = client.get(f"/merchant/products/{product.pk}/").content.decode()
    assert f"/merchant/products/{product.pk}/images/" in page
    assert 'enctype="multipart/form-data"' in page
    upload = SimpleUploadedFile("jar.png", picture(), content_type="image/png")
    answer = client.post(
        f"/merchant/products/{product.pk}/images/", {"image": upload, "alt_zh_hans": "一罐蜂蜜"}
    )
    assert answer.status_code == 302
    assert ProductImage.objects.get(product=product).alt_zh_hans == "一罐蜂蜜"
    refused = client.post(
        f"/merchant/products/{product.pk}/images/",
        {"image": SimpleUploadedFile("x.png", b"nope", content_type="image/png")},
    )
    assert refused.status_code == 302
    assert ProductImage.objects.count() == 1
    assert "JPEG" in client.get(f"/merchant/products/{product.pk}/").content.decode()
    stranger = factories.product(factories.merchant())
    upload = SimpleUploadedFile("jar.png", picture(), content_type="image/png")
    assert (
        client.post(f"/merchant/products/{stranger.pk}/images/", {"image": upload}).status_code
        == 404
    )
    assert not ProductImage.objects.filter(product=stranger).exists()


def test_cards_and_the_product_page_show_the_picture_served_with_debug_off(
    settings: Any,
) -> None:
    listing = factories.listed(factories.merchant(), "CN", fixed="50.00", name_zh="麦卢卡蜂蜜")
    product_image_add(product=listing.product, upload=io.BytesIO(picture()))
    settings.DEBUG = False
    client = Client()
    card = client.get("/cn/c/food_beverage/").content.decode().split('class="product-card"')[1]
    assert 'alt="麦卢卡蜂蜜"' in card
    assert "-thumb" in card
    page = client.get(f"/cn/p/{listing.pk}/").content.decode()
    source = page.split('<figure class="product-hero-image"><img src="')[1].split('"')[0]
    assert 'alt="麦卢卡蜂蜜"' in page.split("product-hero-image")[1]
    served = client.get(source)
    assert served.status_code == 200
    assert served.getvalue()[:2] == b"\xff\xd8"  # a JPEG


def test_demo_designs_are_drawn_per_category_and_line() -> None:
    honey = pictures.Design(
        "food_beverage", pictures.line_title("{organic}{origin} Manuka Honey {opt}"), "UMF 10+"
    )
    assert honey.title == "Manuka Honey"
    assert honey.initials == "MH"
    formula = pictures.design_for(
        "mother_baby", "{organic}{opt2}{opt} {spec}", "Stage 1 Infant Formula", "formula"
    )
    assert formula.title == "Stage 1 Infant Formula"
    assert formula.initials == "SI"
    wine = pictures.Design("wine", "Shiraz", "")
    with Image.open(io.BytesIO(pictures.draw(honey))) as drawn:
        assert drawn.size == (pictures.SIDE, pictures.SIDE)
        assert drawn.getpixel((5, 200)) != Image.open(io.BytesIO(pictures.draw(wine))).getpixel(
            (5, 200)
        )
    assert honey.key != wine.key
