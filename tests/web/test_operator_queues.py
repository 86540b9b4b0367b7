"""The operator dashboard's queue figures and the lists they link to agree: following the link
shows exactly the merchants the figure counts."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests import factories
from tradelane.merchants.models import MerchantStatus
from tradelane.merchants.services import merchant_set_status

pytestmark = pytest.mark.django_db


def test_awaiting_approval_links_to_every_merchant_it_counts() -> None:
    for _ in range(3):
        factories.merchant(active=False)  # applied
    for _ in range(2):
        in_review = factories.merchant(active=False)
        merchant_set_status(
            merchant=in_review, to_status=MerchantStatus.IN_REVIEW, actor=None, reason="checking"
        )
    factories.merchant(active=True)  # not waiting: must not be in the list
    root = get_user_model().objects.create_superuser("root@q.test", "root@q.test", "pw-long-1")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(root)

    page = client.get("/operator/").content.decode()
    figure = re.search(r'data-testid="merchants-applied">(\d+)<', page)
    anchor = re.search(r'href="([^"]+)"[^>]*>\s*<span class="label">Merchants awaiting', page)
    assert figure is not None
    assert anchor is not None
    count, link = int(figure.group(1)), unescape(anchor.group(1))
    listed = client.get(link)

    assert count == 5
    assert listed.status_code == 200
    shown = listed.context["cl"].result_count
    assert shown == count
    statuses = {m.status for m in listed.context["cl"].result_list}
    assert statuses == {"applied", "in_review"}
