"""An operator's day in the browser: the dashboard, a declaration held with a reason and
released (then cleared by customs), the ledger checked, and a merchant approved."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from tests import factories
from tests.customs.test_declarations import paid_order
from tests.e2e.conftest import screenshot
from tradelane.core import clock
from tradelane.core.clock import ManualClock, use_clock
from tradelane.customs.models import Declaration
from tradelane.merchants.models import Merchant
from tradelane.ops.jobs import run_due_jobs

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def customs_answers_quickly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIMULATED_CUSTOMS_INSPECTION_PERMILLE", "0")
    monkeypatch.setenv("SIMULATED_CUSTOMS_ANSWER_SECONDS", "20")


def customs_answers() -> None:
    """Run the background jobs a minute later, when customs has answered what is due."""
    with use_clock(ManualClock(clock.now() + timedelta(seconds=60))):
        run_due_jobs()


def sign_in_as_operator(page: Any) -> None:
    page.goto("/account/login/?next=/operator/")
    page.get_by_label("Email").fill("operator@tradelane.test")
    page.get_by_label("Password").fill("tradelane-demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/operator/")


def run_action(page: Any, pk: object, action: str) -> None:
    page.locator(f'input[name="_selected_action"][value="{pk}"]').check()
    page.locator('select[name="action"]').select_option(action)
    page.locator('button[name="index"]').first.click()  # the action bar's "Go"


def test_an_operator_holds_and_releases_a_declaration(desk: Any) -> None:
    order = paid_order()
    run_due_jobs()  # the declaration is opened and submitted to customs
    declaration = Declaration.objects.get(order=order)
    assert declaration.status == "submitted"

    sign_in_as_operator(desk)
    desk.get_by_role("heading", name="Operations dashboard").wait_for()
    assert desk.get_by_test_id("ledger-status").inner_text() == "balanced"
    screenshot(desk, "operator-dashboard")

    desk.get_by_role("navigation", name="Main").get_by_role("link", name="Declarations").click()
    desk.wait_for_url("**/admin/customs/declaration/")
    run_action(desk, declaration.pk, "hold_with_reason")
    desk.get_by_label("Reason").fill("Buyer identity under review")
    desk.get_by_role("button", name="Hold 1 declaration(s)").click()
    desk.get_by_text("Held 1 declaration(s).").wait_for()
    row = desk.locator("#result_list tbody tr", has_text=declaration.pk)
    assert "paused by operator" in row.inner_text()
    screenshot(desk, "admin-declarations")

    customs_answers()  # a held declaration is not asked about
    declaration.refresh_from_db()
    assert (declaration.status, declaration.on_hold) == ("submitted", True)
    desk.goto("/operator/")
    assert desk.get_by_test_id("declarations-held").inner_text() == "1"

    desk.get_by_role("link", name=re.compile("Declarations held")).click()
    desk.wait_for_url("**/admin/customs/declaration/?attention=held")
    run_action(desk, declaration.pk, "release")
    desk.get_by_text("Released 1 declaration(s).").wait_for()
    customs_answers()
    desk.goto("/admin/customs/declaration/")  # no longer in the held list
    row = desk.locator("#result_list tbody tr", has_text=declaration.pk)
    assert "Cleared" in row.inner_text()
    assert "paused" not in row.inner_text()
    desk.goto(f"/admin/customs/declaration/{declaration.pk}/change/")
    desk.get_by_text("Buyer identity under review").wait_for()  # in the history

    desk.goto("/operator/")
    assert desk.get_by_test_id("customs-cleared").inner_text() == "1"
    desk.get_by_role("button", name="Check now").click()
    desk.wait_for_timeout(300)
    assert desk.get_by_test_id("ledger-status").inner_text() == "balanced"


def test_an_operator_approves_a_merchant(desk: Any) -> None:
    applied = factories.merchant(active=False)
    sign_in_as_operator(desk)
    desk.get_by_role("link", name=re.compile("Merchants awaiting approval")).click()
    desk.wait_for_url(
        re.compile(r".*/admin/merchants/merchant/\?status__in=applied(,|%2C)in_review$")
    )
    desk.get_by_role("link", name=applied.trading_name).wait_for()
    run_action(desk, applied.pk, "approve")
    desk.get_by_text("1 merchant(s) now active.").wait_for()
    screenshot(desk, "admin-merchants")
    assert Merchant.objects.get(pk=applied.pk).status == "active"
