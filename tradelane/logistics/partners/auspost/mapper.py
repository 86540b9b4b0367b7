"""Pure translation between the platform and the posts' parcel API (the request and answer
shapes of Australia Post's Shipping and Tracking API: `POST /shipping/v1/shipments`,
`GET /shipping/v1/track`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class PostAddress:
    name: str
    lines: tuple[str, ...]
    suburb: str
    state: str
    postcode: str
    country: str
    phone: str = ""


@dataclass(frozen=True)
class Parcel:
    length_cm: int
    width_cm: int
    height_cm: int
    weight_g: int


@dataclass(frozen=True)
class ShipmentRequest:
    reference: str  # the order number
    sender: PostAddress
    receiver: PostAddress
    parcel: Parcel
    product_id: str


@dataclass(frozen=True)
class Booked:
    shipment_id: str
    article_id: str
    consignment_id: str
    cost: Decimal  # the post's price, GST included, in its own currency


@dataclass(frozen=True)
class Refused:
    code: str
    name: str
    message: str
    field: str


@dataclass(frozen=True)
class PostEvent:
    article_id: str
    description: str
    location: str
    occurred_at: datetime


def _address(a: PostAddress) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": a.name,
        "lines": list(a.lines),
        "suburb": a.suburb,
        "state": a.state,
        "postcode": a.postcode,
        "country": a.country,
    }
    if a.phone:
        body["phone"] = a.phone
    return body


def shipment_body(request: ShipmentRequest) -> dict[str, Any]:
    p = request.parcel
    return {
        "shipments": [
            {
                "shipment_reference": request.reference,
                "from": _address(request.sender),
                "to": _address(request.receiver),
                "items": [
                    {
                        "item_reference": "1",
                        "product_id": request.product_id,
                        "length": p.length_cm,
                        "width": p.width_cm,
                        "height": p.height_cm,
                        "weight": f"{Decimal(p.weight_g) / 1000:.3f}",
                        "authority_to_leave": False,
                    }
                ],
            }
        ]
    }


def booked_or_refused(status: int, body: dict[str, Any]) -> Booked | Refused:
    """The answer to a create-shipment call: the article as booked, or the post's first error
    (errors come back as data, never raised)."""
    if status >= 400 or "errors" in body:
        e = body.get("errors", [{}])[0]
        return Refused(
            e.get("code", str(status)),
            e.get("name", ""),
            e.get("message", "refused"),
            e.get("field", ""),
        )
    shipment = body["shipments"][0]
    tracking = shipment["items"][0]["tracking_details"]
    return Booked(
        shipment_id=shipment["shipment_id"],
        article_id=tracking["article_id"],
        consignment_id=tracking["consignment_id"],
        cost=Decimal(str(shipment["shipment_summary"]["total_cost"])),
    )


# The posts' event descriptions -> the platform's parcel status (blank: no change).
DESCRIPTION_TO_STATUS = {
    "Shipping information received": "",
    "Picked up": "picked_up",
    "Received and ready for processing": "in_transit",
    "In transit": "in_transit",
    "Departed facility": "in_transit",
    "Departed origin country": "in_transit",
    "Arrived in destination country": "in_transit",
    "Cleared by customs": "in_transit",
    "Onboard for delivery": "out_for_delivery",
    "Attempted delivery - card left": "delivery_failed",
    "Delivered": "delivered",
    "Returned to sender": "returned",
}


def tracking_events(body: dict[str, Any]) -> tuple[list[PostEvent], dict[str, str]]:
    """Events per article (oldest first) and the errors per tracking id (an unknown id)."""
    events: list[PostEvent] = []
    errors: dict[str, str] = {}
    for result in body.get("tracking_results", []):
        if result.get("errors"):
            errors[result["tracking_id"]] = result["errors"][0].get("name", "error")
            continue
        for item in result.get("trackable_items", []):
            for e in item.get("events", []):
                events.append(
                    PostEvent(
                        item["article_id"],
                        e["description"],
                        e.get("location", ""),
                        datetime.fromisoformat(e["date"]),
                    )
                )
    events.sort(key=lambda e: (e.article_id, e.occurred_at))
    return events, errors


def status_of(description: str) -> str | None:
    """The platform status an event description means; None for a description we do not know."""
    return DESCRIPTION_TO_STATUS.get(description)
