"""Logistics over the API: partners post scans and temperatures; anyone holding a label can
see the parcel's journey and check its provenance chain; buyers track their orders; merchants
print labels."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.security import HttpBearer

from tradelane.accounts.auth import ConsumerAuth, current_consumer
from tradelane.core.errors import NotFound
from tradelane.core.schemas import (
    SIGNED_DECIMAL_PATTERN,
    DecimalText,
    Instant,
    Integer,
    errors,
)
from tradelane.fulfilment import selectors
from tradelane.fulfilment.labels import label_pdf
from tradelane.fulfilment.services.domestic import label_book, mark_shipped
from tradelane.fulfilment.services.tracking import (
    chain_verification,
    journey_lines,
    partner_events_ingest,
    partner_for_key,
    readings_record,
    temperature_summary,
)
from tradelane.logistics.models import LogisticsPartner, Shipment
from tradelane.logistics.partners.carrier.mapper import RawEvent
from tradelane.logistics.services import lane_update
from tradelane.merchants.auth import MerchantKeyAuth, current_merchant


class PartnerKeyAuth(HttpBearer):
    """A logistics partner's key (`tlp_...`): scans and temperatures for its own parcels."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return partner_for_key(token) if token.startswith("tlp_") else None


partner_router = Router(auth=PartnerKeyAuth())
public_router = Router(auth=None)
consumer_router = Router(auth=ConsumerAuth())
merchant_router = Router(auth=MerchantKeyAuth())

Waybill = Field(..., pattern=r"^[A-Z]{2}[0-9]{9}[A-Z]{2}$")


class ScanIn(Schema):
    event_id: str = Field(..., min_length=1, max_length=80)
    waybill: str = Waybill
    code: str = Field(
        ..., min_length=1, max_length=8, description="PU DEP ARR CUS CLR OFD DLV FAIL RTS"
    )
    occurred_at: Instant
    location: str = Field("", max_length=60)


class ScansIn(Schema):
    events: list[ScanIn] = Field(..., min_length=1, max_length=500)


class ScanOut(Schema):
    waybill: str
    status: str
    recorded: bool = Field(..., description="false when this event id was already recorded")


Celsius = Annotated[
    Decimal,
    Field(ge=-60, le=60, max_digits=5, decimal_places=2),
    DecimalText(SIGNED_DECIMAL_PATTERN),
]


class ReadingIn(Schema):
    recorded_at: Instant
    celsius: Celsius


class ReadingsIn(Schema):
    waybill: str = Waybill
    readings: list[ReadingIn] = Field(..., min_length=1, max_length=2000)


class ReadingsOut(Schema):
    waybill: str
    excursion: bool
    claim_reason: str


class JourneyEventOut(Schema):
    at: datetime
    kind: str
    status: str
    description: str
    location: str
    source: str
    hash: str | None = Field(
        ...,
        description="the event's link in the provenance chain; null in public where it could "
        "give away what the public text leaves out (events recorded before hashes carried a "
        "private nonce). chain_valid covers every event either way.",
    )


class JourneyOut(Schema):
    waybill: str
    status: str
    eta: datetime | None
    temperature_class: str
    customs_mode: str
    chain_valid: bool
    first_broken_link: int | None
    temperature: dict[str, object] | None
    events: list[JourneyEventOut]


def _journey_out(shipment: Shipment, *, public: bool = False) -> JourneyOut:
    """The buyer's own tracking shows every event as recorded; the public one (anyone holding
    the label) shows each event's public text, never a refusal's or a claim's reason, nor a
    hash from which one could be recovered."""
    broken = chain_verification(shipment)
    return JourneyOut(
        waybill=shipment.pk,
        status=shipment.status,
        eta=shipment.eta,
        temperature_class=shipment.temperature_class,
        customs_mode=shipment.customs_mode,
        chain_valid=broken is None,
        first_broken_link=broken,
        temperature=temperature_summary(shipment),
        events=[
            JourneyEventOut(
                at=e.occurred_at,
                kind=e.kind,
                status=e.status,
                description=e.description,
                location=e.location,
                source=e.source,
                hash=e.hash,
            )
            for e in journey_lines(shipment, public=public)
        ],
    )


def _shipment(shipment: Shipment | None) -> Shipment:
    if shipment is None:
        raise NotFound("No such parcel.", code="shipment_not_found")
    return shipment


@partner_router.post("/events", response={200: list[ScanOut], **errors(401, 404)})
def post_events(request: HttpRequest, payload: ScansIn) -> list[ScanOut]:
    partner: LogisticsPartner = request.auth  # type: ignore[attr-defined]
    raw = [
        RawEvent(e.event_id, e.waybill, e.code, e.occurred_at, e.location) for e in payload.events
    ]
    return [
        ScanOut(waybill=w, status=s, recorded=c)
        for w, s, c in partner_events_ingest(partner.code, raw)
    ]


@partner_router.post("/readings", response={200: ReadingsOut, **errors(401, 404)})
def post_readings(request: HttpRequest, payload: ReadingsIn) -> ReadingsOut:
    partner: LogisticsPartner = request.auth  # type: ignore[attr-defined]
    shipment = _shipment(selectors.partner_shipment(payload.waybill, partner))
    claim = readings_record(
        partner=partner,
        waybill=shipment.pk,
        readings=[(r.recorded_at, r.celsius) for r in payload.readings],
    )
    return ReadingsOut(
        waybill=shipment.pk, excursion=claim is not None, claim_reason=claim.reason if claim else ""
    )


class LaneCapacityIn(Schema):
    capacity_kg: Integer | None = Field(None, ge=0, le=10_000_000)
    capacity_parcels: Integer | None = Field(None, ge=0, le=10_000_000)
    is_active: bool | None = None


class LaneOut(Schema):
    code: str
    capacity_kg: int
    capacity_parcels: int
    is_active: bool


@partner_router.patch("/lanes/{code}", response={200: LaneOut, **errors(401, 404)})
def update_lane(request: HttpRequest, code: str, payload: LaneCapacityIn) -> LaneOut:
    """A partner offers more or less capacity on its own lanes; the next plan uses it."""
    partner: LogisticsPartner = request.auth  # type: ignore[attr-defined]
    lane = lane_update(partner=partner, code=code, **payload.dict(exclude_none=True))
    return LaneOut(
        code=lane.code,
        capacity_kg=lane.capacity_kg,
        capacity_parcels=lane.capacity_parcels,
        is_active=lane.is_active,
    )


@public_router.get("/{token}", response={200: JourneyOut, **errors(404)})
def provenance(request: HttpRequest, token: str) -> JourneyOut:
    """The parcel's journey and whether its provenance chain holds (opened from the label's QR).

    Addressed by the parcel's public token (the QR code's `/p/{token}`), not its waybill; events
    carry a neutral public text."""
    return _journey_out(_shipment(selectors.shipment_by_public_token(token)), public=True)


@consumer_router.get("/orders/{number}/tracking", response={200: JourneyOut, **errors(401, 404)})
def tracking(request: HttpRequest, number: str) -> JourneyOut:
    return _journey_out(_shipment(selectors.consumer_shipment(number, current_consumer(request))))


@merchant_router.get(
    "/shipments/{waybill}/label.pdf", response={404: dict}, include_in_schema=False
)
def label(request: HttpRequest, waybill: str) -> HttpResponse:
    shipment = _shipment(selectors.merchant_shipment(waybill, current_merchant(request)))
    response = HttpResponse(label_pdf(shipment), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{waybill}.pdf"'
    return response


class PostParcelOut(Schema):
    waybill: str
    post: str = Field(..., description="the national post carrying it: SXPOST (AU), KIWIPOST (NZ)")
    tracking_number: str = Field(..., description="the post's article id")
    shipped_by: str = Field(..., description="platform (label booked here) or merchant")
    status: str


class MarkShippedIn(Schema):
    carrier: str = Field(..., pattern=r"^[A-Z]{2,16}$", description="SXPOST or KIWIPOST")
    tracking_number: str = Field(..., min_length=1, max_length=40)


def _post_parcel_out(shipment: Shipment) -> PostParcelOut:
    return PostParcelOut(
        waybill=shipment.pk,
        post=shipment.post,
        tracking_number=shipment.tracking_number,
        shipped_by=shipment.shipped_by,
        status=shipment.status,
    )


@merchant_router.post(
    "/orders/{number}/label", response={201: PostParcelOut, **errors(401, 404, 409)}
)
def book_label(request: HttpRequest, number: str) -> Status[PostParcelOut]:
    """Book a paid order outside China with the merchant's national post. The post's refusal
    (an address it cannot deliver to) is a 422 `post_refused` and nothing is booked."""
    merchant = current_merchant(request)
    shipment = label_book(
        merchant_id=merchant.pk, order_number=number, actor=f"api_key:{merchant.pk}"
    )
    return Status(201, _post_parcel_out(shipment))


@merchant_router.post(
    "/orders/{number}/shipped", response={201: PostParcelOut, **errors(401, 404, 409)}
)
def order_shipped(
    request: HttpRequest, number: str, payload: MarkShippedIn
) -> Status[PostParcelOut]:
    """The merchant lodged the parcel itself: a tracking number of the wrong shape for the
    carrier is a 422 `tracking_number_invalid`, one already used a 409, and nothing changes."""
    merchant = current_merchant(request)
    shipment = mark_shipped(
        merchant_id=merchant.pk,
        order_number=number,
        carrier=payload.carrier,
        tracking_number=payload.tracking_number,
        actor=f"api_key:{merchant.pk}",
    )
    return Status(201, _post_parcel_out(shipment))
