"""Property-based API testing from the OpenAPI schema: no 5xx, every response fits the schema."""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests import factories
from tradelane.merchants.services import api_key_create
from tradelane.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def _keep_test_connection() -> Iterator[None]:
    """As django.test.Client does: a request must not close the test transaction's connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def credentials(db: None, _keep_test_connection: None) -> dict[str, str]:
    merchant = factories.merchant()
    factories.listed(merchant)
    key, _ = api_key_create(merchant=merchant, name="fuzz", created_by=factories.operator())
    buyer = factories.consumer()
    factories.address(buyer)
    operator = factories.operator()
    from tradelane.accounts.services import auth_token_issue

    return {
        "merchant": key,
        "consumer": factories.token(buyer),
        "operator": auth_token_issue(email=operator.email, password=factories.PASSWORD)[0],
    }


def _token_for(path: str, credentials: dict[str, str]) -> str:
    if path.startswith("/api/v1/operator"):
        return credentials["operator"]
    if path.startswith("/api/v1/merchant/"):
        return credentials["merchant"]
    if path.startswith("/api/v1/merchants/api-keys"):
        return credentials["operator"]
    return credentials["consumer"]


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_answers_within_its_schema(case: Any, credentials: dict[str, str]) -> None:
    headers = {
        "Authorization": f"Bearer {_token_for(case.path if case.path.startswith('/api') else '/api/v1' + case.path, credentials)}"
    }
    case.call_and_validate(headers=headers, checks=CHECKS)
