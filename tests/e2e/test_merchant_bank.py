"""A merchant changes the account its payouts go to: signs in, opens the bank-account page from
the payouts page, sets the new account (the penny test starts), types the two micro-deposits off
the statement, and the account is verified."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests import factories
from tests.e2e.conftest import screenshot
from tradelane.core import crypto
from tradelane.merchants.models import MerchantBankAccount

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_merchant_sets_a_bank_account_and_verifies_it(browser: Any, live_server: Any) -> None:
    merchant = factories.merchant("AU")
    context = browser.new_context(base_url=str(live_server.url), locale="en-AU")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/account/login/?next=/merchant/payouts/")
    page.get_by_label(re.compile(r"^Email\*?$")).fill(merchant.contact_email)
    page.get_by_label(re.compile(r"^Password\*?$")).fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/merchant/payouts/")

    page.get_by_role("link", name="Bank account").first.click()
    page.wait_for_url("**/merchant/bank-account/")
    page.get_by_label(re.compile(r"^BSB")).fill("083-004")
    page.get_by_label(re.compile(r"^Account number")).fill("55512345")
    page.get_by_label(re.compile(r"^Account name")).fill("Honey Pty Ltd")
    page.get_by_role("button", name="Save and send micro-deposits").click()
    page.get_by_test_id("micro-deposits").wait_for()
    assert page.get_by_test_id("masked-account").inner_text() == "•••••345"
    assert page.get_by_test_id("bank-account-state").get_attribute("data-state") == "pending"

    account = MerchantBankAccount.objects.get(merchant=merchant, replaced_at=None)
    first, second = crypto.decrypt(account.micro_deposits_encrypted).split(",")
    page.get_by_label("First amount").fill(f"0.{int(first):02d}")
    page.get_by_label("Second amount").fill(f"0.{int(second):02d}")
    page.get_by_role("button", name="Verify the account").click()
    page.get_by_text("Your bank account is verified").wait_for()
    assert page.get_by_test_id("bank-account-state").get_attribute("data-state") == "verified"
    assert "55512345" not in page.content()
    screenshot(page, "merchant-bank-account")
    page.goto("/merchant/payouts/")
    assert "Payouts go to your verified account •••••345" in page.content()
    context.close()
