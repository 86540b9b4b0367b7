"""Operator screens: schedule and cancel through the status table, vouchers with uses / cap."""

from datetime import timedelta

import pytest
from django.test import Client

from tests import factories
from tests.campaigns import helpers
from tradelane.campaigns.models import Campaign
from tradelane.campaigns.vouchers import voucher_create
from tradelane.core import clock
from tradelane.core.money import Money

pytestmark = pytest.mark.django_db


def _operator() -> Client:
    staff = factories.operator()
    staff.is_superuser = True
    staff.save()
    client = Client()
    client.force_login(staff)
    return client


def test_schedule_and_cancel_follow_the_status_table() -> None:
    m = factories.merchant()
    draft = helpers.campaign(m, status="draft", code="draft-one")
    ended = helpers.campaign(status="ended", code="ended-one")
    client = _operator()
    url = "/admin/campaigns/campaign/"
    response = client.post(
        url, {"action": "schedule", "_selected_action": [draft.pk, ended.pk]}, follow=True
    )
    assert response.status_code == 200
    assert Campaign.objects.get(pk=draft.pk).status == "scheduled"
    assert Campaign.objects.get(pk=ended.pk).status == "ended"
    assert "Not moved to scheduled: ended-one (ended)" in response.content.decode()
    client.post(url, {"action": "cancel", "_selected_action": [draft.pk]})
    assert Campaign.objects.get(pk=draft.pk).status == "cancelled"
    page = client.get(f"/admin/campaigns/campaign/{draft.pk}/change/")
    assert page.status_code == 200


def test_vouchers_list_their_uses_against_the_cap() -> None:
    m = factories.merchant()
    now = clock.now()
    voucher_create(
        code="CAP9",
        market_code="CN",
        currency="CNY",
        starts_at=now,
        ends_at=now + timedelta(days=1),
        amount=Money.of("5", "CNY"),
        merchant_id=m.pk,
        total_cap=9,
    )
    page = _operator().get("/admin/campaigns/voucher/").content.decode()
    assert "CAP9" in page
    assert "0 / 9" in page
