"""Reads of the outbox for merchants: their webhook endpoints and what was delivered to them."""

from __future__ import annotations

from tradelane.merchants.models import Merchant
from tradelane.outbox.errors import WebhookEndpointNotFound
from tradelane.outbox.models import WebhookDelivery, WebhookEndpoint


def webhook_endpoint_get(*, merchant: Merchant, endpoint_id: str) -> WebhookEndpoint:
    """One of the merchant's endpoints; another merchant's is not found, not refused."""
    try:
        return WebhookEndpoint.objects.get(pk=endpoint_id, merchant=merchant)
    except WebhookEndpoint.DoesNotExist:
        raise WebhookEndpointNotFound("No such webhook endpoint.") from None


def merchant_webhook_endpoints(merchant: Merchant) -> list[WebhookEndpoint]:
    return list(merchant.webhook_endpoints.order_by("-created_at"))


def endpoint_deliveries(endpoint: WebhookEndpoint, *, limit: int) -> list[WebhookDelivery]:
    """The endpoint's latest deliveries, newest first, with the event each carried."""
    rows = endpoint.deliveries.select_related("event").order_by("-created_at", "-pk")
    return list(rows[:limit])
