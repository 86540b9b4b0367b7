"""Shipping labels as PDF (A6), with the waybill as a Code 128 barcode and a QR code that
opens the parcel's public provenance page; drawn with ReportLab."""

from __future__ import annotations

import io

from django.conf import settings
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode import code128, qr
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A6
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from tradelane.logistics.models import Shipment


def provenance_url(public_token: str) -> str:
    """The QR code's address: the parcel's random public token, not its (guessable) waybill."""
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}/p/{public_token}"


def label_pdf(shipment: Shipment) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A6)
    width, height = A6
    order, address = shipment.order, shipment.order.shipping_address
    page.setFont("Helvetica-Bold", 14)
    page.drawString(8 * mm, height - 12 * mm, f"Tradelane  {shipment.customs_mode or ''}")
    page.setFont("Helvetica", 8)
    lines = [
        f"Order {order.number}",
        f"From {order.merchant.trading_name} ({shipment.origin.code})",
        f"To {address['city']} ({shipment.destination.code}), postcode {address['postcode']}",
        f"Weight {shipment.weight_g / 1000:.3f} kg   Keep {shipment.temperature_class}",
        f"Route {' > '.join(leg.lane.destination.code for leg in shipment.legs.all())}"
        if not shipment.post
        else f"{shipment.post} article {shipment.tracking_number}",
    ]
    for i, text in enumerate(lines):
        page.drawString(8 * mm, height - (20 + 5 * i) * mm, text)
    # A post parcel is sorted by the post's own article id, so that is the barcode it scans.
    scanned = shipment.tracking_number if shipment.post else shipment.waybill
    bar_width = 0.35 * mm if len(scanned) <= 13 else 0.22 * mm
    barcode = code128.Code128(scanned, barHeight=16 * mm, barWidth=bar_width)
    barcode.drawOn(page, 6 * mm, 38 * mm)
    page.setFont("Helvetica-Bold", 11)
    page.drawString(10 * mm, 32 * mm, scanned)
    code = qr.QrCodeWidget(provenance_url(shipment.public_token))
    x0, y0, x1, y1 = code.getBounds()
    size = 28 * mm
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(code)
    renderPDF.draw(drawing, page, width - size - 6 * mm, 4 * mm)
    page.setFont("Helvetica", 6)
    page.drawString(8 * mm, 6 * mm, "Scan for the parcel's journey")
    page.showPage()
    page.save()
    return buffer.getvalue()
