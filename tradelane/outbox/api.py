"""Merchant API for webhook endpoints and what was delivered to them."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from tradelane.core.schemas import errors, page_limit
from tradelane.merchants.auth import MerchantKeyAuth, current_merchant
from tradelane.outbox import rules
from tradelane.outbox.models import WebhookDelivery, WebhookEndpoint
from tradelane.outbox.selectors import (
    endpoint_deliveries,
    merchant_webhook_endpoints,
    webhook_endpoint_get,
)
from tradelane.outbox.services import (
    webhook_endpoint_create,
    webhook_endpoint_disable,
)

router = Router(auth=MerchantKeyAuth())


class EndpointIn(Schema):
    url: str = Field(..., min_length=8, max_length=500)
    event_types: list[str] = Field(
        default_factory=list,
        max_length=len(rules.EVENT_TYPES),
        description="event types to receive; empty for all: " + ", ".join(rules.EVENT_TYPES),
    )
    description: str = Field("", max_length=200)


class EndpointOut(Schema):
    id: str
    url: str
    description: str
    event_types: list[str]
    created_at: datetime
    disabled_at: datetime | None


class EndpointCreatedOut(EndpointOut):
    secret: str = Field(..., description="signing secret, shown only now: store it safely")


class DeliveryOut(Schema):
    event_id: str
    event_type: str
    status: str
    attempts: int
    next_attempt_at: datetime
    last_status_code: int | None
    last_error: str
    created_at: datetime
    succeeded_at: datetime | None


def _endpoint_out(endpoint: WebhookEndpoint) -> EndpointOut:
    return EndpointOut(
        id=endpoint.id,
        url=endpoint.url,
        description=endpoint.description,
        event_types=list(endpoint.event_types),
        created_at=endpoint.created_at,
        disabled_at=endpoint.disabled_at,
    )


def _delivery_out(delivery: WebhookDelivery) -> DeliveryOut:
    return DeliveryOut(
        event_id=delivery.event_id,
        event_type=delivery.event.type,
        status=delivery.status,
        attempts=delivery.attempts,
        next_attempt_at=delivery.next_attempt_at,
        last_status_code=delivery.last_status_code,
        last_error=delivery.last_error,
        created_at=delivery.created_at,
        succeeded_at=delivery.succeeded_at,
    )


@router.post("/webhook-endpoints", response={201: EndpointCreatedOut, **errors(401, 403)})
def create_endpoint(request: HttpRequest, payload: EndpointIn) -> Status:
    secret, endpoint = webhook_endpoint_create(
        merchant=current_merchant(request),
        url=payload.url,
        event_types=payload.event_types,
        description=payload.description,
    )
    body = EndpointCreatedOut(**_endpoint_out(endpoint).dict(), secret=secret)
    return Status(201, body)


@router.get("/webhook-endpoints", response={200: list[EndpointOut], **errors(401, 403)})
def list_endpoints(request: HttpRequest) -> list[EndpointOut]:
    merchant = current_merchant(request)
    return [_endpoint_out(e) for e in merchant_webhook_endpoints(merchant)]


@router.delete(
    "/webhook-endpoints/{endpoint_id}", response={200: EndpointOut, **errors(401, 403, 404)}
)
def disable_endpoint(request: HttpRequest, endpoint_id: str) -> EndpointOut:
    endpoint = webhook_endpoint_disable(merchant=current_merchant(request), endpoint_id=endpoint_id)
    return _endpoint_out(endpoint)


@router.get(
    "/webhook-endpoints/{endpoint_id}/deliveries",
    response={200: list[DeliveryOut], **errors(401, 403, 404)},
)
def list_deliveries(
    request: HttpRequest, endpoint_id: str, limit: int = page_limit(50, 200)
) -> list[DeliveryOut]:
    endpoint = webhook_endpoint_get(merchant=current_merchant(request), endpoint_id=endpoint_id)
    return [_delivery_out(d) for d in endpoint_deliveries(endpoint, limit=limit)]
