from __future__ import annotations

from tradelane.core.errors import NotFound, ValidationFailed


class WebhookEndpointNotFound(NotFound):
    default_code = "webhook_endpoint_not_found"


class WebhookUrlRefused(ValidationFailed):
    default_code = "webhook_url_refused"


class UnknownEventType(ValidationFailed):
    default_code = "unknown_event_type"
