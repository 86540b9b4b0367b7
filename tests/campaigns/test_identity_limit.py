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
from tradelane.customs.services.identity import identity_register
from tradelane.orders.models import Checkout, CheckoutQuote

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


# --- the identity the order is placed under is the one that counts ------------------------------


def _flash_listing(limit: int):
    m = factories.merchant()
    c = helpers.campaign(m, percent="10")
    honey = factories.listed(m, fixed="200.00", stock=50)
    return honey, helpers.flash(c, honey, price="99.00", units=20, limit=limit)


def _rows() -> dict[str, int]:
    return {b.buyer_key: b.claimed for b in FlashSaleBuyer.objects.all()}


def _claims() -> list[tuple[int, str, str, str]]:
    return sorted(
        (c.consumer_id, c.identity_key, c.status, c.order_number)
        for c in FlashSaleClaim.objects.all()
    )


def test_accounts_without_an_identity_cannot_each_check_out_the_limit_under_one_number() -> None:
    """Claimed with no identity on file (only the account's row counted), then each registers
    the same number: only the first checkout fits the number's limit; the second is refused and
    changes nothing."""
    honey, sale = _flash_listing(limit=2)
    first, second = factories.consumer(identity=False), factories.consumer(identity=False)
    flash_sale_claim(flash_sale_id=sale.pk, consumer=first, quantity=2)
    flash_sale_claim(flash_sale_id=sale.pk, consumer=second, quantity=2)
    _as_same_person(first, second)
    helpers.place(first, helpers.quote(first, (honey, 2)))
    q = helpers.quote(second, (honey, 2))
    rows, claims = _rows(), _claims()
    with pytest.raises(PerBuyerLimitReached) as refused:
        helpers.place(second, q)
    assert "new quote" in str(refused.value.message)
    assert not Checkout.objects.filter(consumer=second).exists()
    assert CheckoutQuote.objects.get(pk=q.pk).used_at is None
    assert (_rows(), _claims()) == (rows, claims)
    assert max(_rows().values()) == 2  # the number never counted more than its limit


def test_a_hold_made_under_one_number_counts_against_the_number_the_order_is_placed_under() -> None:
    """Claim under Z, switch to X whose limit is used up: refused, nothing changes."""
    honey, sale = _flash_listing(limit=1)
    (holder,) = _as_same_person(factories.consumer(identity=False))
    flash_sale_claim(flash_sale_id=sale.pk, consumer=holder, quantity=1)
    helpers.place(holder, helpers.quote(holder, (honey, 1)))  # X's limit is used
    switcher = factories.consumer()  # claims under their own number Z
    flash_sale_claim(flash_sale_id=sale.pk, consumer=switcher, quantity=1)
    _as_same_person(switcher)  # now X
    q = helpers.quote(switcher, (honey, 1))
    rows, claims = _rows(), _claims()
    with pytest.raises(PerBuyerLimitReached):
        helpers.place(switcher, q)
    assert not Checkout.objects.filter(consumer=switcher).exists()
    assert (_rows(), _claims()) == (rows, claims)


def test_a_hold_moves_to_the_number_the_order_is_placed_under_when_it_has_room() -> None:
    """Claim under Z, switch to a number with room: the order is placed, X counts the units and
    Z gets them back (Z's person could buy again)."""
    honey, sale = _flash_listing(limit=1)
    buyer = factories.consumer()
    claim = flash_sale_claim(flash_sale_id=sale.pk, consumer=buyer, quantity=1)
    old_key = claim.identity_key
    _as_same_person(buyer)
    checkout = helpers.place(buyer, helpers.quote(buyer, (honey, 1)))
    claim.refresh_from_db()
    assert claim.status == "converted"
    assert claim.order_number == checkout.orders.get().number
    assert claim.identity_key not in ("", old_key)
    rows = _rows()
    assert rows[old_key] == 0
    assert rows[claim.identity_key] == 1
