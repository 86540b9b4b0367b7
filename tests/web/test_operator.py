"""The operator pages: who may open them, what they show, and the admin actions they link to."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests import factories
from tests.analytics.test_operator import _shipment
from tests.customs.test_declarations import answer_after, no_random_inspection, paid_order
from tradelane.clearance.services.declarations import declarations_run
from tradelane.core import clock
from tradelane.customs.models import Declaration
from tradelane.logistics.models import ColdChainClaim, LogisticsPartner
from tradelane.merchants.models import Merchant

pytestmark = pytest.mark.django_db
__all__ = ["no_random_inspection"]  # the customs fixture, autouse here too


def client_for(user: object | None) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    if user is not None:
        client.force_login(user)  # type: ignore[arg-type]
    return client


def superuser() -> object:
    return get_user_model().objects.create_superuser("root@t.test", "root@t.test", "pw-long-1")


@pytest.mark.parametrize("path", ["/operator/", "/operator/ledger/"])
def test_signed_out_visitors_are_sent_to_sign_in(path: str) -> None:
    response = client_for(None).get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/?next=")


@pytest.mark.parametrize("path", ["/operator/", "/operator/ledger/"])
def test_consumers_and_merchants_are_refused(path: str) -> None:
    consumer = factories.consumer("CN").user
    owner = Merchant.objects.get(pk=factories.merchant().pk).staff.get().user
    for user in (consumer, owner):
        assert client_for(user).get(path).status_code == 403


def test_the_dashboard_shows_the_figures_and_links_to_the_admin() -> None:
    order = paid_order()
    declarations_run()
    answer_after(21)
    factories.merchant(active=False)
    page = client_for(factories.operator()).get("/operator/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "CNY" in body  # GMV in the market's currency (en_AU writes CNY1,234.00)
    assert f"{order.total_minor // 100:,}" in body
    assert 'data-testid="merchants-applied">1<' in body
    assert 'data-testid="customs-cleared">1<' in body
    assert "/admin/merchants/merchant/?status__in=applied%2Cin_review" in body
    assert "/admin/customs/declaration/?attention=held" in body
    assert "/admin/logistics/coldchainclaim/?status__exact=open" in body
    assert 'data-testid="ledger-status">balanced<' in body
    assert "cdn" not in body.lower()


def test_the_ledger_panel_refreshes_alone() -> None:
    paid_order()
    panel = client_for(factories.operator()).get("/operator/ledger/", HTTP_HX_REQUEST="true")
    body = panel.content.decode()
    assert panel.status_code == 200
    assert body.lstrip().startswith("<section")
    assert "<html" not in body
    assert "balanced" in body
    assert 'hx-trigger="every 30s"' in body


def _submitted_declaration() -> Declaration:
    order = paid_order()
    declarations_run()
    return Declaration.objects.get(order=order)


def test_holding_a_declaration_asks_for_a_reason_and_records_it() -> None:
    declaration = _submitted_declaration()
    admin = client_for(superuser())
    url = "/admin/customs/declaration/"
    selected = {"action": "hold_with_reason", "_selected_action": [declaration.pk]}
    asked = admin.post(url, selected)
    assert asked.status_code == 200
    assert "Reason" in asked.content.decode()
    refused = admin.post(url, {**selected, "post": "yes", "reason": ""})
    assert refused.status_code == 422
    declaration.refresh_from_db()
    assert declaration.on_hold is False
    assert declaration.history.count() == 1  # nothing recorded by the refused form
    done = admin.post(url, {**selected, "post": "yes", "reason": "buyer under review"}, follow=True)
    assert "Held 1 declaration(s)." in done.content.decode()
    declaration.refresh_from_db()
    assert declaration.on_hold is True
    assert declaration.history.last().reason == "buyer under review"


def test_a_decided_declaration_is_not_held_and_the_operator_is_told() -> None:
    declaration = _submitted_declaration()
    answer_after(21)
    selected = {"action": "hold_with_reason", "_selected_action": [declaration.pk]}
    page = client_for(superuser()).post(
        "/admin/customs/declaration/", {**selected, "post": "yes", "reason": "late"}, follow=True
    )
    assert "A decided declaration cannot be held or released." in page.content.decode()
    declaration.refresh_from_db()
    assert (declaration.status, declaration.on_hold) == ("cleared", False)


def test_operators_approve_a_merchant_from_the_list() -> None:
    applied = factories.merchant(active=False)
    page = client_for(superuser()).post(
        "/admin/merchants/merchant/",
        {"action": "approve", "_selected_action": [applied.pk]},
        follow=True,
    )
    assert "1 merchant(s) now active." in page.content.decode()
    applied.refresh_from_db()
    assert applied.status == "active"


def test_an_open_cold_chain_claim_is_refunded_once_from_the_list() -> None:
    order = paid_order()
    shipment = _shipment(order, hours=50, mode="1210", cold=True)
    claim = ColdChainClaim.objects.create(
        shipment=shipment,
        partner=LogisticsPartner.objects.order_by("code")[0],
        started_at=clock.now(),
        minutes=45,
        worst_celsius=Decimal("9.5"),
        reason="above 8 °C for 45 min",
        created_at=clock.now(),
    )
    admin = client_for(superuser())
    selected = {"action": "refund_consumer", "_selected_action": [claim.pk]}
    first = admin.post("/admin/logistics/coldchainclaim/", selected, follow=True)
    assert "Refunded 1 claim(s) in full." in first.content.decode()
    again = admin.post("/admin/logistics/coldchainclaim/", selected, follow=True)
    assert "Skipped 1 claim(s) already refunded." in again.content.decode()
    claim.refresh_from_db()
    assert claim.status == "refunded"
    assert claim.refund is not None
    assert claim.refund.amount_minor == order.total_minor
