import pytest
from django.test.utils import override_settings

from tests import factories
from tests.api.client import Api, assert_error
from tests.outbox.helpers import Receiver
from tradelane.merchants.services import api_key_create
from tradelane.outbox.models import WebhookEndpoint
from tradelane.outbox.services import event_emit, webhooks_deliver_due

pytestmark = pytest.mark.django_db


def merchant_api(merchant=None) -> Api:
    key, _ = api_key_create(
        merchant=merchant or factories.merchant(), name="hooks", created_by=factories.operator()
    )
    return Api(key)


def test_register_list_and_disable_an_endpoint() -> None:
    api = merchant_api()
    status, made = api.post(
        "/merchant/webhook-endpoints",
        {"url": "https://shop.example.com.au/hooks", "event_types": ["order.paid"]},
    )
    assert status == 201, made
    assert made["secret"].startswith("whsec_")
    status, listed = api.get("/merchant/webhook-endpoints")
    assert [e["id"] for e in listed] == [made["id"]]
    assert "secret" not in listed[0]
    status, disabled = api.call("DELETE", f"/merchant/webhook-endpoints/{made['id']}")
    assert status == 200
    assert disabled["disabled_at"]


@override_settings(WEBHOOK_ALLOW_INSECURE_URLS=False)
def test_refused_endpoints_create_nothing() -> None:
    api = merchant_api()
    for body, code in [
        ({"url": "http://shop.example.com.au/hooks"}, "webhook_url_refused"),
        ({"url": "https://192.168.1.10/hooks"}, "webhook_url_refused"),
        ({"url": "https://shop.example/h", "event_types": ["order.eaten"]}, "unknown_event_type"),
        ({"url": "x"}, None),
    ]:
        assert_error(*api.post("/merchant/webhook-endpoints", body), 422, code)
    assert not WebhookEndpoint.objects.exists()


def test_another_merchants_endpoint_is_not_found() -> None:
    mine, theirs = merchant_api(), merchant_api()
    _, made = theirs.post("/merchant/webhook-endpoints", {"url": "https://a.example/h"})
    assert_error(*mine.call("DELETE", f"/merchant/webhook-endpoints/{made['id']}"), 404)
    assert_error(*mine.get(f"/merchant/webhook-endpoints/{made['id']}/deliveries"), 404)
    assert WebhookEndpoint.objects.get().disabled_at is None


def test_deliveries_show_what_happened() -> None:
    merchant = factories.merchant()
    api = merchant_api(merchant)
    _, made = api.post("/merchant/webhook-endpoints", {"url": "https://a.example/h"})
    event = event_emit(event_type="order.paid", merchant_id=merchant.pk, data={"order": "TL1"})
    webhooks_deliver_due(send=Receiver(made["secret"], statuses=[500]))
    status, deliveries = api.get(f"/merchant/webhook-endpoints/{made['id']}/deliveries")
    assert status == 200
    assert [
        (d["event_id"], d["status"], d["attempts"], d["last_status_code"]) for d in deliveries
    ] == [(event.pk, "pending", 1, 500)]
