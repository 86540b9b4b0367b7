import pytest
from django.core.management import call_command
from django.test import Client

from tests import factories
from tests.api.client import Api, assert_error
from tests.customs.test_declarations import paid_order
from tradelane.fulfilment.services.shipments import shipments_open
from tradelane.fulfilment.services.tracking import partner_key_issue
from tradelane.logistics.models import Shipment, TrackingEvent
from tradelane.merchants.services import api_key_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipment() -> Shipment:
    call_command("load_network", verbosity=0)
    order = paid_order()
    shipments_open()
    return Shipment.objects.get(order=order)


def test_partners_post_scans_once_each_and_only_for_their_parcels(shipment) -> None:
    carrier = shipment.legs.get(sequence=1).partner
    api = Api(partner_key_issue(carrier))
    scan = {
        "event_id": "e1",
        "waybill": shipment.pk,
        "code": "PU",
        "occurred_at": "2026-11-21T08:00:00Z",
    }
    status, body = api.post("/partner/events", {"events": [scan]})
    assert status == 200, body
    assert body == [{"waybill": shipment.pk, "status": "picked_up", "recorded": True}]
    assert api.post("/partner/events", {"events": [scan]})[1][0]["recorded"] is False
    bad = {**scan, "event_id": "e2", "code": "LOST"}
    assert_error(*api.post("/partner/events", {"events": [bad]}), 422, "unknown_scan_code")
    other = next(leg.partner for leg in shipment.legs.all() if leg.partner != carrier)
    from tradelane.logistics.models import LogisticsPartner

    stranger = LogisticsPartner.objects.exclude(
        pk__in=[leg.partner_id for leg in shipment.legs.all()]
    ).first()
    assert other is not None
    assert stranger is not None
    assert_error(*Api(partner_key_issue(stranger)).post("/partner/events", {"events": [scan]}), 404)
    assert_error(*Api("tlp_wrong").post("/partner/events", {"events": [scan]}), 401)
    assert TrackingEvent.objects.filter(shipment=shipment).count() == 2  # packed + one scan


def test_the_public_provenance_api_and_page(shipment) -> None:
    status, body = Api().get(f"/provenance/{shipment.public_token}")
    assert status == 200
    assert body["chain_valid"] is True
    assert body["events"][0]["kind"] == "packed"
    page = Client(HTTP_HOST="127.0.0.1").get(f"/p/{shipment.public_token}")
    assert page.status_code == 200
    assert "记录链完整" in page.content.decode()
    TrackingEvent.objects.filter(shipment=shipment).update(description="forged")
    assert Api().get(f"/provenance/{shipment.public_token}")[1]["first_broken_link"] == 0
    assert (
        "校验失败"
        in Client(HTTP_HOST="127.0.0.1").get(f"/p/{shipment.public_token}").content.decode()
    )


def test_buyers_track_their_order_and_merchants_print_labels(shipment) -> None:
    order = shipment.order
    status, body = Api(factories.token(order.consumer)).get(f"/orders/{order.number}/tracking")
    assert status == 200
    assert body["waybill"] == shipment.pk
    stranger = Api(factories.token(factories.consumer("CN")))
    assert_error(*stranger.get(f"/orders/{order.number}/tracking"), 404)
    key, _ = api_key_create(merchant=order.merchant, name="labels", created_by=factories.operator())
    response = Client(HTTP_HOST="127.0.0.1").get(
        f"/api/v1/merchant/shipments/{shipment.pk}/label.pdf",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"


def test_logistics_admin_screens_render(shipment) -> None:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser("root@t.test", "root@t.test", "pw-long-1")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    for page in ("logisticspartner", "node", "lane", "shipment", "coldchainclaim"):
        assert client.get(f"/admin/logistics/{page}/").status_code == 200, page
    assert client.get(f"/admin/logistics/shipment/{shipment.pk}/change/").status_code == 200


def test_partners_change_capacity_on_their_own_lanes_only(shipment) -> None:
    leg = shipment.legs.get(sequence=1)
    api = Api(partner_key_issue(leg.partner))
    status, body = api.call("PATCH", f"/partner/lanes/{leg.lane.code}", {"capacity_parcels": 5})
    assert status == 200
    assert body["capacity_parcels"] == 5
    other = shipment.legs.exclude(partner=leg.partner).first()
    assert_error(*api.call("PATCH", f"/partner/lanes/{other.lane.code}", {"capacity_kg": 1}), 404)
    assert_error(*api.call("PATCH", f"/partner/lanes/{leg.lane.code}", {"capacity_kg": -1}), 422)
    other.lane.refresh_from_db()
    leg.lane.refresh_from_db()
    assert other.lane.capacity_kg > 1  # refusals changed nothing
    assert (leg.lane.capacity_parcels, leg.lane.capacity_kg > 0) == (5, True)
