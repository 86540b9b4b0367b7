"""Merchant portal: a product's pictures (upload, remove). The form sits on the product's page
(`web/merchant/_product_images.html`); each action answers with a redirect back to it and a
message, so a refused upload says why and changes nothing."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tradelane.catalog import services as catalog
from tradelane.catalog.errors import ProductNotFound
from tradelane.catalog.images import product_image_add, product_image_remove
from tradelane.catalog.models import Product
from tradelane.core.errors import ApplicationError
from tradelane.merchants.models import Merchant
from tradelane.web.refusals import refusal_of
from tradelane.web.views.merchant import merchant_page


class ImageUploadForm(forms.Form):
    image = forms.FileField(label=gettext_lazy("Picture (JPEG, PNG or WebP, up to 5 MB)"))
    alt_en = forms.CharField(
        label=gettext_lazy("Description for screen readers, English (optional)"),
        max_length=200,
        required=False,
    )
    alt_zh_hans = forms.CharField(
        label=gettext_lazy("Description for screen readers, Chinese (optional)"),
        max_length=200,
        required=False,
    )


def _product(merchant: Merchant, product_id: int) -> Product:
    try:
        return catalog.product_get_for_merchant(merchant=merchant, product_id=product_id)
    except ProductNotFound as exc:
        raise Http404(str(exc)) from exc


def _back(product: Product) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"/merchant/products/{product.pk}/#pictures")


@merchant_page
@require_POST
def image_upload(request: HttpRequest, merchant: Merchant, product_id: int) -> HttpResponse:
    product = _product(merchant, product_id)
    form = ImageUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a picture to upload."))
        return _back(product)
    try:
        product_image_add(
            product=product,
            upload=form.cleaned_data["image"],
            alt_en=form.cleaned_data["alt_en"],
            alt_zh_hans=form.cleaned_data["alt_zh_hans"],
        )
    except ApplicationError as refused:
        messages.error(request, refusal_of(refused).message)
    else:
        messages.success(request, _("Picture added."))
    return _back(product)


@merchant_page
@require_POST
def image_remove(
    request: HttpRequest, merchant: Merchant, product_id: int, image_id: int
) -> HttpResponse:
    product = _product(merchant, product_id)
    if not product_image_remove(product=product, image_id=image_id):
        raise Http404("no such picture")
    messages.success(request, _("Picture removed."))
    return _back(product)
