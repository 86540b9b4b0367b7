"""Operators download a payout batch's bank file as written; the list is read-only."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.payments.test_refunds import paid
from tradelane.payments.payout_batch_models import PayoutBatch
from tradelane.payments.services.payout_batches import batch_file
from tradelane.payments.services.settlement import settlement_run

pytestmark = pytest.mark.django_db


def operator_client(staff_only: bool = False) -> Client:
    users = get_user_model().objects
    if staff_only:  # staff without any permission
        users.create_user("desk@t.test", "desk@t.test", "pw-long-enough", is_staff=True)
        name = "desk@t.test"
    else:
        users.create_superuser("root@t.test", "root@t.test", "pw-long-enough")
        name = "root@t.test"
    client = Client(HTTP_HOST="127.0.0.1")
    assert client.login(username=name, password="pw-long-enough")
    return client


def test_the_batch_file_downloads_as_written_from_a_read_only_list() -> None:
    paid()
    settlement_run()
    batch = PayoutBatch.objects.get(currency="AUD")
    client = operator_client()
    listing = client.get("/admin/payments/payoutbatch/")
    assert listing.status_code == 200
    link = f"/admin/payments/payoutbatch/{batch.pk}/file/"
    assert link in listing.content.decode()
    assert client.get("/admin/payments/payoutbatch/add/").status_code == 403
    download = client.get(link)
    assert download.status_code == 200
    assert download.content == batch_file(batch)
    assert download.content.startswith(b"0")  # the ABA descriptive record
    assert "attachment" in download["Content-Disposition"]
    assert batch.file_name.rsplit("/", 1)[-1] in download["Content-Disposition"]
    assert client.get("/admin/payments/payoutbatch/999999/file/").status_code == 404


def test_staff_without_the_permission_cannot_download() -> None:
    paid()
    settlement_run()
    batch = PayoutBatch.objects.get(currency="AUD")
    response = operator_client(staff_only=True).get(f"/admin/payments/payoutbatch/{batch.pk}/file/")
    assert response.status_code == 403
