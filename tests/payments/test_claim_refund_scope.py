"""A cold-chain claim's refund is keyed on the claim (a key the system makes, not one a person
chose), so it is one refund whoever presses the button: a second operator's click replays it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command

from tests.customs.test_declarations import paid_order
from tradelane.core import clock
from tradelane.fulfilment.services.shipments import shipments_open
from tradelane.fulfilment.services.tracking import claim_refund, readings_record
from tradelane.logistics.models import ColdChainClaim, LogisticsPartner, Shipment
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import Journal, Refund

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIMULATED_CUSTOMS_INSPECTION_PERMILLE", "0")
    monkeypatch.setenv("SIMULATED_CARRIER_MISSED_PERMILLE", "0")
    monkeypatch.setenv("SIMULATED_CARRIER_REFUSAL_PERMILLE", "0")
    call_command("load_network", verbosity=0)


def _claim() -> ColdChainClaim:
    order = paid_order()
    shipments_open()
    shipment = Shipment.objects.get(order=order)
    Shipment.objects.filter(pk=shipment.pk).update(temperature_class="chilled")
    leg = shipment.legs.get(sequence=1)
    leg.started_at = start = clock.now()
    leg.save()
    readings = [(start + timedelta(minutes=15 * i), Decimal("9.0")) for i in range(4)]
    claim = readings_record(
        partner=LogisticsPartner.objects.get(pk=leg.partner_id),
        waybill=shipment.pk,
        readings=readings,
    )
    assert claim is not None
    return claim


def test_a_second_operator_refunding_the_same_claim_gets_the_same_refund() -> None:
    claim = _claim()
    first = claim_refund(claim, actor="operator:1")
    journals = Journal.objects.count()
    again = claim_refund(ColdChainClaim.objects.get(pk=claim.pk), actor="operator:2")
    assert (again.status, again.refund_id) == ("refunded", first.refund_id)
    assert Refund.objects.count() == 1
    assert Refund.objects.get().actor == "operator:1"
    assert Journal.objects.count() == journals
    assert ledger_invariant().ok
