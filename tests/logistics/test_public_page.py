"""The public provenance page and API are addressed by an unguessable token, not by the waybill
(which carries the order id), and say nothing of why customs refused a parcel or a claim was
refunded: only a neutral status."""

import itertools
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client

from tests import factories
from tests.api.client import Api, assert_error
from tests.customs.test_declarations import paid_order
from tradelane.core import clock
from tradelane.core.clock import ManualClock, use_clock
from tradelane.customs.declarations import declarations_run
from tradelane.customs.identity import identity_register
from tradelane.logistics.carrier_sync import carriers_sync
from tradelane.logistics.labels import provenance_url
from tradelane.logistics.models import Shipment, TrackingEvent
from tradelane.logistics.shipments import shipments_open

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def network(monkeypatch):
    monkeypatch.setenv("SIMULATED_CUSTOMS_INSPECTION_PERMILLE", "0")
    monkeypatch.setenv("SIMULATED_CARRIER_MISSED_PERMILLE", "0")
    monkeypatch.setenv("SIMULATED_CARRIER_REFUSAL_PERMILLE", "0")
    call_command("load_network", verbosity=0)


def _page(path: str):
    return Client(HTTP_HOST="127.0.0.1").get(path)


def _shipment() -> Shipment:
    order = paid_order()
    shipments_open()
    return Shipment.objects.get(order=order)


def test_the_token_opens_the_page_and_the_api_and_the_waybill_does_not() -> None:
    shipment = _shipment()
    token = shipment.public_token
    assert len(token) >= 22
    page = _page(f"/p/{token}")
    assert page.status_code == 200
    assert "记录链完整" in page.content.decode()
    status, body = Api().get(f"/provenance/{token}")
    assert status == 200, body
    assert body["chain_valid"] is True
    # The old, guessable address (LT + order id + check digit + country) is gone.
    assert _page(f"/p/{shipment.waybill}").status_code == 404
    assert_error(*Api().get(f"/provenance/{shipment.waybill}"), 404, "shipment_not_found")


def test_tokens_are_random_not_sequential() -> None:
    shipments = [_shipment() for _ in range(3)]
    tokens = [s.public_token for s in shipments]
    assert len(set(tokens)) == 3
    for s in shipments:
        assert len(s.public_token) >= 22  # 128 random bits, URL-safe
        assert s.waybill not in s.public_token
    for a, b in itertools.pairwise(tokens):  # consecutive parcels share no telling prefix
        shared = next((i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y), len(a))
        assert shared < 6, (a, b)


def test_the_label_and_the_order_page_print_the_token_address() -> None:
    shipment = _shipment()
    assert provenance_url(shipment.public_token).endswith(f"/p/{shipment.public_token}")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(shipment.order.consumer.user)
    html = client.get(f"/cn/orders/{shipment.order.number}/").content.decode()
    assert f"/p/{shipment.public_token}" in html
    assert f"/p/{shipment.waybill}" not in html


def test_a_refused_parcel_shows_no_reason_in_public() -> None:
    buyer = factories.consumer("CN", identity=False)
    identity_register(consumer=buyer, real_name="王芳", id_number=factories.identity_number(3, 999))
    order = paid_order(buyer)
    shipments_open()
    shipment = Shipment.objects.get(order=order)
    declarations_run()
    with use_clock(ManualClock(clock.now() + timedelta(hours=1))):
        assert declarations_run()["declarations_rejected"] == 1
    with use_clock(ManualClock(clock.now() + timedelta(hours=24 * 12))):
        carriers_sync()
    order.refresh_from_db()
    assert order.status == "refunded"
    reason = order.declaration.reason_code
    assert reason
    recorded = TrackingEvent.objects.get(shipment=shipment, kind="customs")
    assert reason in recorded.description  # the chain keeps it, for the buyer and operators

    page = _page(f"/p/{shipment.public_token}").content.decode()
    status, body = Api().get(f"/provenance/{shipment.public_token}")
    assert status == 200
    public = page + str(body)
    assert reason not in public
    assert "refused" not in public.lower()
    assert "refund" not in public.lower()
    assert "海关未放行" in page
    assert body["chain_valid"] is True
    # The buyer's own tracking still says why.
    own = Api(factories.token(buyer)).get(f"/orders/{order.number}/tracking")[1]
    assert any(reason in e["description"] for e in own["events"])


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_shipments_a_token() -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    shipments = [_shipment(), _shipment()]
    executor = MigrationExecutor(connection)
    executor.migrate([("logistics", "0005_shipment_synced_at")])  # before the token existed
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("logistics", "0007_shipment_public_token_unique")])
    tokens = {s.pk: Shipment.objects.get(pk=s.pk).public_token for s in shipments}
    assert all(len(t) >= 22 for t in tokens.values())
    assert len(set(tokens.values())) == 2
    assert all(tokens[s.pk] != s.public_token for s in shipments)  # new ones, backfilled
