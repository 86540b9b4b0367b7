"""The operator's remittance pages: run a period, read the statement, download its CSV."""

import csv
import io
import re

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
    assert ["net payable", "", paid, "AUD"] in rows


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


def _remitted_quarter(client: Client) -> tuple[TaxRemittance, int]:
    order = au_gst_order()
    quarter = this_quarter()
    with use_clock(ManualClock(after(quarter))):
        client.post("/operator/remittances/", {"target": "ATO", "period": quarter.label})
    return TaxRemittance.objects.get(), order.tax_minor


def test_statement_and_list_show_money_in_the_page_language() -> None:
    client = staff_client()
    remittance, tax_minor = _remitted_quarter(client)
    tax = Money.from_minor(tax_minor, "AUD").amount
    english = f"A${tax:,.2f}"
    statement = client.get(f"/operator/remittances/tax/{remittance.pk}/")
    payable = _testid(statement.content.decode(), "payable")
    assert payable == english
    assert english in client.get("/operator/remittances/").content.decode()
    chinese = client.get(
        f"/operator/remittances/tax/{remittance.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    # Babel's zh_Hans_CN writes AUD as "AU$"
    assert _testid(chinese, "payable") == f"AU${tax:,.2f}"
    assert f"{tax_minor} AUD" not in statement.content.decode()


def test_the_csv_keeps_exact_decimals_with_the_currency_on_every_figure() -> None:
    client = staff_client()
    remittance, tax_minor = _remitted_quarter(client)
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    f"/operator/remittances/tax/{remittance.pk}/?format=csv"
                ).content.decode()
            )
        )
    )
    exact = str(Money.from_minor(tax_minor, "AUD").amount)
    assert rows[1][5:7] == [exact, "AUD"]
    totals = {row[0]: row for row in rows if row and row[0] in {"net payable", "refunds"}}
    assert totals["net payable"][2:] == [exact, "AUD"]
    assert totals["refunds"][2:] == ["0.00", "AUD"]


def _testid(page: str, name: str) -> str:
    match = re.search(rf'data-testid="{name}"[^>]*>([^<]*)<', page)
    assert match is not None, name
    return match.group(1).strip()


def test_the_run_message_is_shown_once() -> None:
    au_gst_order()
    quarter = this_quarter()
    with use_clock(ManualClock(after(quarter))):
        page = staff_client().post(
            "/operator/remittances/", {"target": "ATO", "period": quarter.label}, follow=True
        )
    assert page.content.decode().count(f"Run recorded for {quarter.label}.") == 1
