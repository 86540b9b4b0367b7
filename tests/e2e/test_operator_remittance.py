"""An operator closes a quarter for the ATO in the browser: from the dashboard to the
remittances, the quarter remitted with the AU GST an order collected in it, the statement's
net payable written as money, and its CSV downloaded with exact decimals."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import screenshot
from tests.e2e.test_operator_journey import sign_in_as_operator
from tests.payments.remittance_helpers import after, au_gst_order, this_quarter
from tradelane.core.clock import ManualClock, use_clock
from tradelane.core.money import Money
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import TaxRemittance

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_operator_closes_a_quarter_for_the_ato(desk: Any, tmp_path: Path) -> None:
    order = au_gst_order("30.00")
    quarter = this_quarter()

    sign_in_as_operator(desk)
    desk.get_by_role("link", name=re.compile("Remittances: tax to authorities")).click()
    desk.wait_for_url("**/operator/remittances/")
    desk.get_by_role("heading", name="Remittances", exact=True).wait_for()

    # the quarter is closed once the clock has moved past its end
    with use_clock(ManualClock(after(quarter))):
        desk.get_by_label("Who").select_option("ATO")
        desk.get_by_role("textbox", name="Period").fill(quarter.label)
        desk.get_by_role("button", name="Remit").click()
        desk.get_by_text(f"Run recorded for {quarter.label}.").wait_for()

    remittance = TaxRemittance.objects.get(authority="ATO", period=quarter.label)
    assert remittance.status == "instructed"
    assert remittance.amount_minor >= order.tax_minor > 0
    assert ledger_invariant().ok
    net = Money.from_minor(remittance.amount_minor, "AUD").amount
    shown = f"A${net:,.2f}"
    row = desk.locator("tr", has_text=quarter.label).filter(has_text="ATO")
    assert shown in row.inner_text()
    screenshot(desk, "operator-remittances")

    row.get_by_role("link", name="Statement").click()
    desk.wait_for_url(f"**/operator/remittances/tax/{remittance.pk}/")
    assert desk.get_by_test_id("payable").inner_text() == shown
    desk.get_by_role("cell", name=order.number, exact=True).wait_for()

    with desk.expect_download() as downloading:
        desk.get_by_role("link", name="Download CSV").click()
    download = downloading.value
    assert download.suggested_filename == f"{remittance.pk.replace(':', '-')}.csv"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert rows[0][:3] == ["transfer", "kind", "order"]
    assert any(r[2] == order.number and r[6] == "AUD" for r in rows[1:] if len(r) > 6)
    assert ["net payable", "", str(net), "AUD"] in rows
