"""The remittance tables in the Django admin: readable, filterable, never editable there."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.payments.remittance_helpers import (
    after,
    au_gst_order,
    deliver,
    legs_opened,
    this_quarter,
)
from tradelane.core.money import Money
from tradelane.payments import remittance_rules as rules
from tradelane.payments.models import PartnerPayment, RemittanceRun, TaxRemittance
from tradelane.payments.services.remittance import partners_pay, remittance_run, tax_remit

pytestmark = pytest.mark.django_db


def superuser_client() -> Client:
    get_user_model().objects.create_superuser("root@t.test", "root@t.test", "pw-long-enough")
    client = Client(HTTP_HOST="127.0.0.1")
    client.login(username="root@t.test", password="pw-long-enough")
    return client


def remitted() -> tuple[TaxRemittance, PartnerPayment]:
    order = au_gst_order()
    quarter = this_quarter()
    remittance_run(
        kind="tax",
        period=quarter.label,
        actor="t",
        work=lambda: [
            tax_remit(authority="ATO", period=quarter.label, actor="t", now=after(quarter))[0]
        ],
    )
    legs = legs_opened(orders=1)
    month = rules.period_containing(legs[0].shipment.created_at.date(), "month")
    end = month.bounds("UTC")[1]
    deliver(legs[0], end - timedelta(hours=1))
    payment, _created = partners_pay(period=month.label, actor="t", now=end + timedelta(days=1))[0]
    remittance = TaxRemittance.objects.get()
    assert remittance.amount_minor == order.tax_minor
    return remittance, payment


def test_remittance_tables_are_listed_filtered_and_read_only() -> None:
    remittance, payment = remitted()
    client = superuser_client()
    pages = {
        "taxremittance": ["authority", "period", "status__exact"],
        "partnerpayment": ["partner__id__exact", "period", "status__exact"],
        "remittancerun": ["kind", "period", "ledger_balanced__exact"],
    }
    for page, filters in pages.items():
        listing = client.get(f"/admin/payments/{page}/")
        assert listing.status_code == 200, page
        body = listing.content.decode()
        for name in filters:
            assert f"?{name}=" in body or f"&amp;{name}=" in body, (page, name)
        assert client.get(f"/admin/payments/{page}/add/").status_code == 403, page

    tax_list = client.get("/admin/payments/taxremittance/?authority=ATO").content.decode()
    assert Money.from_minor(remittance.amount_minor, "AUD").format("en") in tax_list
    assert (
        "0 tax remittances"
        in client.get("/admin/payments/taxremittance/?authority=IRD").content.decode()
    )
    detail = client.get(f"/admin/payments/taxremittance/{remittance.pk}/change/")
    assert f"/operator/remittances/tax/{remittance.pk}/" in detail.content.decode()
    items = client.get(
        f"/admin/payments/taxremittanceitem/?remittance__id__exact={remittance.pk}"
    ).content.decode()
    assert remittance.items.get().order_number in items
    legs = client.get(f"/admin/payments/partnerpaymentleg/?payment__id__exact={payment.pk}")
    assert payment.legs.get().waybill in legs.content.decode()
    partner_list = client.get(
        f"/admin/payments/partnerpayment/?partner__id__exact={payment.partner_id}"
    ).content.decode()
    assert payment.pk in partner_list
    assert client.get(f"/admin/payments/partnerpayment/{payment.pk}/change/").status_code == 200
    run = RemittanceRun.objects.get()
    assert client.get(f"/admin/payments/remittancerun/{run.pk}/change/").status_code == 200
    before = TaxRemittance.objects.values().get()
    client.post(f"/admin/payments/taxremittance/{remittance.pk}/change/", {"status": "failed"})
    client.post(f"/admin/payments/taxremittance/{remittance.pk}/delete/", {"post": "yes"})
    assert TaxRemittance.objects.values().get() == before
