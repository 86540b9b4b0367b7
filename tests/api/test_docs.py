import re

from django.test import Client


def test_api_docs_work_offline() -> None:
    response = Client(HTTP_HOST="127.0.0.1").get("/api/v1/docs")
    assert response.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', response.content.decode())
    assert assets
    assert all(a.startswith("/static/") or a.startswith("#") for a in assets), assets


def test_openapi_schema_is_served() -> None:
    schema = Client(HTTP_HOST="127.0.0.1").get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Tradelane API"
    assert "/api/v1/checkout/place" in schema["paths"]


def test_every_idempotent_operation_documents_the_conflict() -> None:
    schema = Client(HTTP_HOST="127.0.0.1").get("/api/v1/openapi.json").json()
    idempotent = [
        (method, path, op)
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
        if any(p.get("name") == "Idempotency-Key" for p in op.get("parameters", []))
    ]
    assert len(idempotent) >= 5
    assert all("409" in op["responses"] for _, _, op in idempotent)
