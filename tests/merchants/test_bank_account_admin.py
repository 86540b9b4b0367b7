"""The operator's "verify bank account" action asks for a reason, then verifies through the
service, which keeps the reason; an empty reason verifies nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests import factories
from tradelane.merchants.bank_accounts import BankAccountInput, bank_account_set

pytestmark = pytest.mark.django_db


def test_verify_asks_for_a_reason_and_records_it() -> None:
    merchant = factories.merchant("AU")
    account = bank_account_set(
        merchant=merchant,
        data=BankAccountInput(bsb="083-004", account_number="4445556", account_name="Honey"),
    )
    get_user_model().objects.create_superuser("root@t.test", "root@t.test", "pw-long-enough")
    client = Client(HTTP_HOST="127.0.0.1")
    assert client.login(username="root@t.test", password="pw-long-enough")
    url = "/admin/merchants/merchantbankaccount/"
    listing = client.get(url).content.decode()
    assert "••••556" in listing
    assert "4445556" not in listing
    asked = client.post(url, {"action": "verify", "_selected_action": [account.pk]})
    assert asked.status_code == 200
    assert "Reason" in asked.content.decode()
    blank = client.post(
        url, {"action": "verify", "_selected_action": [account.pk], "post": "yes", "reason": ""}
    )
    assert blank.status_code == 200  # the form again, with its error
    account.refresh_from_db()
    assert account.status == "unverified"
    client.post(
        url,
        {
            "action": "verify",
            "_selected_action": [account.pk],
            "post": "yes",
            "reason": "bank letter on file, called back",
        },
    )
    account.refresh_from_db()
    assert (account.status, account.verification_method) == ("verified", "operator")
    assert account.verification_reason == "bank letter on file, called back"
    assert account.verified_by is not None
