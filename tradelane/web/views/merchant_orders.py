"""Merchant portal: orders (list and detail) and their shipments (waybill, status, label)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from tradelane.analytics import merchant as reads
from tradelane.fulfilment.labels import label_pdf
from tradelane.merchants.models import Merchant
from tradelane.orders.models import OrderStatus
from tradelane.orders.selectors import merchant_orders, order_history
from tradelane.web.views.merchant import merchant_page
from tradelane.web.views.merchant_labels import ORDER_STATUS, choices, label

PAGE_SIZE = 25


@merchant_page
def order_list(request: HttpRequest, merchant: Merchant) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in OrderStatus.values:
        status = ""
    orders = merchant_orders(merchant.pk, status)
    page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "merchant": merchant,
        "page": page,
        "status": status,
        "page_query": urlencode({"status": status}) if status else "",
        "statuses": choices(ORDER_STATUS),
        "nav": "orders",
    }
    return render(request, "web/merchant/orders.html", context)


@merchant_page
def order_detail(request: HttpRequest, merchant: Merchant, number: str) -> HttpResponse:
    order = reads.merchant_order(merchant.pk, number)
    if order is None:  # someone else's order looks exactly like one that does not exist
        raise Http404("No such order.")
    context = {
        "merchant": merchant,
        "order": order,
        "shipment": reads.order_shipment(order),
        "history": [(label("order", c.to_status), c) for c in order_history(order)],
        "nav": "orders",
    }
    return render(request, "web/merchant/order_detail.html", context)


@merchant_page
def shipment_list(request: HttpRequest, merchant: Merchant) -> HttpResponse:
    page = Paginator(reads.merchant_shipments(merchant.pk), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "merchant": merchant,
        "page": page,
        "nav": "shipments",
    }
    return render(request, "web/merchant/shipments.html", context)


@merchant_page
def shipment_label(request: HttpRequest, merchant: Merchant, waybill: str) -> HttpResponse:
    shipment = reads.merchant_shipment(merchant.pk, waybill)
    if shipment is None:
        raise Http404("No such shipment.")
    response = HttpResponse(label_pdf(shipment), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{shipment.waybill}.pdf"'
    return response
