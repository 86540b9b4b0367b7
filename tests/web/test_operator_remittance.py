"""The operator's remittance pages: run a period, read the statement, download its CSV."""

import csv
import io

import pytest
from django.test import Client

from tests import factories
from tests.payments.remittance_helpers import after, au_gst_order, this_quarter
from tradelane.core.clock import ManualClock, use_clock
from tradelane.core.money import Money
from tradelane.payments.models import RemittanceRun, TaxRemittance

pytestmark = pytest.mark.django_db


def staff_client() -> Client:
    client = Client()
    client.force_login(factories.operator())
    return client


def test_an_operator_remits_a_quarter_and_downloads_its_statement() -> None:
    order = au_gst_order()
    quarter = this_quarter()
    client = staff_client()
    assert "operator/remittances/" in client.get("/operator/").content.decode()
    with use_clock(ManualClock(after(quarter))):
        response = client.post(
            "/operator/remittances/", {"target": "ATO", "period": quarter.label}, follow=True
        )
    assert response.status_code == 200
    remittance = TaxRemittance.objects.get()
    assert remittance.amount_minor == order.tax_minor
    assert RemittanceRun.objects.get().ledger_balanced is True
    page = client.get(f"/operator/remittances/tax/{remittance.pk}/").content.decode()
    assert order.number in page
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    f"/operator/remittances/tax/{remittance.pk}/?format=csv"
                ).content.decode()
            )
        )
    )
    assert rows[0][:3] == ["transfer", "kind", "order"]
    assert rows[1][2] == order.number
    paid = str(Money.from_minor(order.tax_minor, "AUD").amount)
    assert ["net payable", "", paid] in rows


def test_a_refused_period_is_shown_and_nothing_is_made() -> None:
    au_gst_order()
    client = staff_client()
    response = client.post(
        "/operator/remittances/", {"target": "ATO", "period": "2026-11"}, follow=True
    )
    assert "quarter" in response.content.decode()
    assert TaxRemittance.objects.count() == 0


def test_only_staff_see_remittances() -> None:
    client = Client()
    client.force_login(factories.consumer("AU").user)
    assert client.get("/operator/remittances/").status_code == 403
