"""The public provenance page a label's QR code opens: the journey, in Chinese and English,
and whether the hash chain holds. It is addressed by the shipment's random public token, never
by the waybill (which carries the order id), and shows each event's public text only."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from tradelane.fulfilment.selectors import shipment_by_public_token
from tradelane.fulfilment.services.tracking import (
    chain_verification,
    journey_lines,
    temperature_summary,
)


def provenance_page(request: HttpRequest, token: str) -> HttpResponse:
    shipment = shipment_by_public_token(token)
    if shipment is None:
        raise Http404("no such parcel")
    broken = chain_verification(shipment)
    return render(
        request,
        "logistics/provenance.html",
        {
            "shipment": shipment,
            "events": journey_lines(shipment, public=True),
            "broken": broken,
            "temperature": temperature_summary(shipment),
        },
    )
