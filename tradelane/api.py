"""The REST API at /api/v1: routers from each room, one error shape for every failure."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from tradelane.accounts.api import router as accounts_router
from tradelane.campaigns.api import consumer_router as flash_claims_router
from tradelane.campaigns.api import merchant_router as campaigns_merchant_router
from tradelane.campaigns.api import operator_router as campaigns_operator_router
from tradelane.campaigns.api import public_router as campaigns_public_router
from tradelane.catalog.api import merchant_router as catalog_merchant_router
from tradelane.catalog.api import storefront_router
from tradelane.clearance.api import operator_router as customs_operator_router
from tradelane.core.errors import ApplicationError, error_body, request_too_large
from tradelane.core.text import NAME_PATTERN, NAME_REFUSED, NO_NUL_PATTERN
from tradelane.customs.api import router as customs_router
from tradelane.fulfilment.api import consumer_router as tracking_router
from tradelane.fulfilment.api import merchant_router as labels_router
from tradelane.fulfilment.api import partner_router, public_router
from tradelane.inventory.api import router as inventory_router
from tradelane.markets.api import router as markets_router
from tradelane.merchants.api import merchant_router, onboarding_router, operator_router
from tradelane.orders.api import merchant_orders_router
from tradelane.orders.api import router as orders_router
from tradelane.outbox.api import router as outbox_router
from tradelane.payments.api import merchant_router as payments_merchant_router
from tradelane.payments.api import operator_router as payments_operator_router
from tradelane.payments.api import router as payments_router
from tradelane.payments.cards.api import router as card_payments_router
from tradelane.payments.instore_api import till_router
from tradelane.payments.instore_api import wallet_router as instore_wallet_router
from tradelane.payments.payout_account_api import router as payout_account_router

logger = logging.getLogger(__name__)


class TradelaneAPI(NinjaAPI):
    """The schema says what the server refuses: every request string without a pattern of its
    own gets one that excludes NUL (the middleware refuses it in any request, with a 400)."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        components = schema.get("components", {}).get("schemas", {})
        seen: set[str] = set()
        for ops in schema["paths"].values():
            for op in ops.values():
                for param in op.get("parameters", []):
                    _refuse_nul(param.get("schema", {}), components, seen)
                for content in op.get("requestBody", {}).get("content", {}).values():
                    _refuse_nul(content.get("schema", {}), components, seen)
        return schema


def _refuse_nul(node: dict[str, Any], components: dict[str, Any], seen: set[str]) -> None:
    ref = node.get("$ref", "")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        if name not in seen and name in components:
            seen.add(name)
            _refuse_nul(components[name], components, seen)
        return
    if node.get("type") == "string" and not ({"pattern", "format", "enum"} & node.keys()):
        node["pattern"] = NO_NUL_PATTERN
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in node.get(key, []):
            _refuse_nul(sub, components, seen)
    for sub in node.get("properties", {}).values():
        _refuse_nul(sub, components, seen)
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), dict):
            _refuse_nul(node[key], components, seen)


api = TradelaneAPI(
    title="Tradelane API",
    version="1",
    description=(
        "Cross-border commerce for Australian and New Zealand merchants. Errors always have the "
        'shape {"error": {"code", "message", "fields"}}. Creating POSTs take an Idempotency-Key.'
    ),
    urls_namespace="api-v1",
)


def _message(err: dict[str, Any]) -> str:
    pattern = err.get("ctx", {}).get("pattern")
    if err.get("type") == "string_pattern_mismatch" and pattern == NAME_PATTERN:
        return str(NAME_REFUSED)
    return str(err.get("msg", "invalid"))


def _fields_from_validation(exc: ValidationError) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for err in exc.errors:
        location = [
            str(p) for p in err.get("loc", []) if p not in ("body", "query", "path", "payload")
        ]
        fields.setdefault(".".join(location) or "request", []).append(_message(err))
    return fields


@api.exception_handler(ApplicationError)
def _application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    response = api.create_response(request, exc.as_dict(), status=exc.http_status)
    for name, value in getattr(exc, "headers", {}).items():  # Retry-After of a 429
        response[name] = value
    return response


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    body = error_body("invalid", _("The request is not valid."), _fields_from_validation(exc))
    return api.create_response(request, body, status=422)


@api.exception_handler(AuthenticationError)
def _authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    body = error_body("unauthenticated", _("Sign in, or send a valid token or API key."))
    return api.create_response(request, body, status=401)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    body = error_body("http_error", str(exc))
    return api.create_response(request, body, status=exc.status_code)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, error_body("not_found", _("Not found.")), status=404)


@csrf_exempt  # it changes nothing; a POST from an API client has no CSRF token to show
def unmatched(request: HttpRequest, path: str = "") -> HttpResponse:
    """Any /api/ path no endpoint matches: the API's 404 in its own error shape, not a page."""
    return JsonResponse(error_body("not_found", _("No such API endpoint.")), status=404)


@api.exception_handler(RequestDataTooBig)
def _too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    # The middleware answers first for /api/; this is the net if a view reads a body itself.
    refusal = request_too_large()
    return api.create_response(request, refusal.as_dict(), status=refusal.http_status)


@api.exception_handler(MultiPartParserError)
def _unparseable_form(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    # A form body that cannot be parsed (a multipart Content-Type without a boundary) is the
    # client's error wherever it is first read, not a 500.
    body = error_body("invalid", _("The request body cannot be parsed."))
    return api.create_response(request, body, status=400)


@api.exception_handler(OverflowError)
def _overflow(request: HttpRequest, exc: OverflowError) -> HttpResponse:
    # The schema bounds every integer; this is the net under it for anything that slips through.
    body = error_body("invalid", _("A number in the request is out of range."))
    return api.create_response(request, body, status=422)


@api.exception_handler(DataError)
def _data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
    logger.warning("value refused by the database on %s %s: %s", request.method, request.path, exc)
    body = error_body("invalid", _("A value in the request does not fit."))
    return api.create_response(request, body, status=422)


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("unhandled error on %s %s", request.method, request.path)
    body = error_body("server_error", _("Something went wrong on our side; nothing was changed."))
    return api.create_response(request, body, status=500)


api.add_router("/markets", markets_router, tags=["markets"])
api.add_router("/", accounts_router, tags=["consumers"])
api.add_router("/", customs_router, tags=["consumers"])
api.add_router("/operator", customs_operator_router, tags=["operator"])
api.add_router("/merchants", onboarding_router, tags=["merchant onboarding"])
api.add_router("/merchant", merchant_router, tags=["merchant"])
api.add_router("/merchant", catalog_merchant_router, tags=["merchant catalog"])
api.add_router("/merchant", inventory_router, tags=["merchant stock"])
api.add_router("/merchant", merchant_orders_router, tags=["merchant orders"])
api.add_router("/operator", operator_router, tags=["operator"])
api.add_router("/storefront", storefront_router, tags=["storefront"])
api.add_router("/", orders_router, tags=["cart and orders"])
api.add_router("/", payments_router, tags=["wallet and payments"])
api.add_router("/", card_payments_router, tags=["card payments"])
api.add_router("/operator", payments_operator_router, tags=["operator"])
api.add_router("/merchant", payments_merchant_router, tags=["merchant orders"])
api.add_router("/merchant", payout_account_router, tags=["merchant payouts"])
api.add_router("/merchant", outbox_router, tags=["merchant webhooks"])
api.add_router("/partner", partner_router, tags=["logistics partners"])
api.add_router("/provenance", public_router, tags=["provenance (public)"])
api.add_router("/", tracking_router, tags=["cart and orders"])
api.add_router("/merchant", labels_router, tags=["merchant orders"])
api.add_router("/till", till_router, tags=["till (in-store)"])
api.add_router("/", instore_wallet_router, tags=["wallet and payments"])
api.add_router("/", campaigns_public_router, tags=["campaigns"])
api.add_router("/", flash_claims_router, tags=["campaigns"])
api.add_router("/merchant", campaigns_merchant_router, tags=["merchant campaigns"])
api.add_router("/operator", campaigns_operator_router, tags=["operator"])
