"""A flash sale's per-buyer limit is per person: accounts sharing one mainland identity number
share one limit (the number is matched by its keyed digest, never stored in the clear here), and
an account that changes its identity keeps what it already claimed. Refusals change nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests import factories
from tests.campaigns import helpers
from tradelane.campaigns.errors import PerBuyerLimitReached
from tradelane.campaigns.models import FlashSale, FlashSaleBuyer, FlashSaleClaim
from tradelane.campaigns.services import flash_claims_expire, flash_sale_claim
from tradelane.customs.identity import identity_register

pytestmark = pytest.mark.django_db
SAME_PERSON = factories.identity_number(4242)


def _sale(units: int = 10, limit: int = 2) -> FlashSale:
    m = factories.merchant()
    c = helpers.campaign(m, percent="10")
    return helpers.flash(
        c, factories.listed(m, fixed="200.00"), price="99.00", units=units, limit=limit
    )


def _as_same_person(*accounts):
    for account in accounts:
        identity_register(consumer=account, real_name="王芳", id_number=SAME_PERSON)
    return accounts


def test_two_accounts_of_one_identity_number_share_the_limit() -> None:
    sale = _sale(limit=2)
    first, second = _as_same_person(
        factories.consumer(identity=False), factories.consumer(identity=False)
    )
    flash_sale_claim(flash_sale_id=sale.pk, consumer=first, quantity=2)
    with pytest.raises(PerBuyerLimitReached):
        flash_sale_claim(flash_sale_id=sale.pk, consumer=second, quantity=1)
    sale.refresh_from_db()
    assert sale.sold == 2
    assert FlashSaleClaim.objects.filter(consumer=second).count() == 0
    assert SAME_PERSON not in {b.buyer_key for b in FlashSaleBuyer.objects.all()}
    # someone else still claims
    flash_sale_claim(flash_sale_id=sale.pk, consumer=factories.consumer(), quantity=2)


def test_changing_identity_does_not_reset_the_accounts_own_limit() -> None:
    sale = _sale(limit=1)
    buyer = factories.consumer()
    flash_sale_claim(flash_sale_id=sale.pk, consumer=buyer, quantity=1)
    identity_register(consumer=buyer, real_name="王芳", id_number=factories.identity_number(777))
    with pytest.raises(PerBuyerLimitReached):
        flash_sale_claim(flash_sale_id=sale.pk, consumer=buyer, quantity=1)
    assert FlashSaleClaim.objects.count() == 1


def test_an_expired_hold_gives_the_persons_limit_back() -> None:
    sale = _sale(limit=1)
    first, second = _as_same_person(
        factories.consumer(identity=False), factories.consumer(identity=False)
    )
    claim = flash_sale_claim(flash_sale_id=sale.pk, consumer=first, quantity=1)
    assert flash_claims_expire(now=claim.expires_at + timedelta(seconds=1)) == 1
    flash_sale_claim(flash_sale_id=sale.pk, consumer=second, quantity=1)
    assert sorted(b.claimed for b in FlashSaleBuyer.objects.all()) == [0, 1, 1]
