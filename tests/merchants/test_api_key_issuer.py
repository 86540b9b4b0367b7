"""A merchant key lives no longer than the person who issued it: deleting that person revokes
their keys, and a key whose issuer is gone (deleted before this was so) is refused."""

from __future__ import annotations

import pytest

from tests import factories
from tests.api.client import Api, assert_error
from tradelane.merchants.models import ApiKey
from tradelane.merchants.services import api_key_create, shop_create

pytestmark = pytest.mark.django_db


def test_deleting_the_issuer_revokes_the_merchant_and_till_keys() -> None:
    merchant = factories.merchant("AU")
    shop = shop_create(merchant=merchant, name="Harbour", address="1 George St", city="Sydney")
    issuer, other = factories.operator(), factories.operator()
    merchant_key, _ = api_key_create(merchant=merchant, name="k", created_by=issuer)
    till_key, _ = api_key_create(merchant=merchant, name="t", created_by=issuer, shop=shop)
    kept, _ = api_key_create(merchant=merchant, name="kept", created_by=other)
    assert Api(merchant_key).get("/merchant/payouts")[0] == 200
    issuer.delete()
    assert Api(merchant_key).get("/merchant/payouts")[0] == 401
    assert Api(till_key).get("/till/payments/isp_none")[0] == 401
    assert ApiKey.objects.filter(revoked_at__isnull=False).count() == 2
    assert Api(kept).get("/merchant/payouts")[0] == 200  # another person's key is untouched


def test_a_key_whose_issuer_is_gone_is_refused() -> None:
    merchant = factories.merchant("AU")
    key, row = api_key_create(merchant=merchant, name="k", created_by=factories.operator())
    ApiKey.objects.filter(pk=row.pk).update(created_by=None)  # orphaned before keys were revoked
    assert_error(*Api(key).get("/merchant/payouts"), 401, "api_key_owner_inactive")
