"""Vouchers at checkout: the discount lowers the goods (and so the tax), refusals say why and
change nothing, a use is counted at place and given back when the order is not paid or refunded."""

from datetime import timedelta

import pytest

from tests import factories
from tests.campaigns import helpers
from tradelane.campaigns.errors import VoucherRefused
from tradelane.campaigns.models import Voucher, VoucherRedemption
from tradelane.campaigns.vouchers import voucher_create
from tradelane.core import clock
from tradelane.core.money import Money
from tradelane.orders.models import CheckoutQuote
from tradelane.orders.services import orders_expire_unpaid
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.services.refunds import refund_order

pytestmark = pytest.mark.django_db


def merchant_voucher(m, **kw):
    now = clock.now()
    return voucher_create(
        code=kw.pop("code", "honey20"),
        market_code="CN",
        currency="CNY",
        starts_at=kw.pop("starts_at", now - timedelta(hours=1)),
        ends_at=kw.pop("ends_at", now + timedelta(days=1)),
        amount=kw.pop("amount", Money.of("20", "CNY")),
        merchant_id=m.pk,
        min_spend=Money.of("100", "CNY"),
        **kw,
    )


def test_a_voucher_lowers_the_eligible_goods_and_the_tax_on_them() -> None:
    au, other = factories.merchant("AU"), factories.merchant("AU")
    honey = factories.listed(au, fixed="200.00")
    plain = factories.listed(other, fixed="50.00")
    merchant_voucher(au)
    without = helpers.quote(factories.consumer(), (honey, 1), (plain, 1))
    buyer = factories.consumer()
    q = helpers.quote(buyer, (honey, 1), (plain, 1), voucher=" Honey20 ")
    assert q.snapshot["voucher"]["discount_minor"] == 2000
    assert q.snapshot["goods_minor"] == without.snapshot["goods_minor"] - 2000
    assert q.snapshot["tax_minor"] < without.snapshot["tax_minor"]  # taxed on what is paid
    lines = {ln["listing_id"]: ln for g in q.snapshot["groups"] for ln in g["lines"]}
    assert lines[honey.pk]["voucher_discount_minor"] == 2000
    assert lines[plain.pk]["voucher_discount_minor"] == 0
    checkout = helpers.place(buyer, q)
    assert Voucher.objects.get().uses == 1
    helpers.pay(buyer, checkout)
    order = checkout.orders.get(merchant=au)
    assert order.goods_minor == 18000
    refund = refund_order(
        order=order, amount=None, reason="before_shipping", request_id="r", actor="op"
    )
    assert refund.amount_minor == order.total_minor
    assert Voucher.objects.get().uses == 0  # a refunded order gives the use back
    assert VoucherRedemption.objects.get().status == "given_back"
    assert ledger_invariant().ok


@pytest.mark.parametrize(
    ("setup", "code"),
    [
        ({"code": "other"}, "voucher_unknown"),
        ({"ends_at_offset": -1}, "voucher_expired"),
        ({"starts_at_offset": 1}, "voucher_not_started"),
        ({"min_spend_more": True}, "voucher_min_spend"),
        ({"total_cap": 0}, "voucher_cap_reached"),
        ({"foreign": True}, "voucher_not_applicable"),
    ],
)
def test_voucher_refusals_say_why_and_change_nothing(setup: dict, code: str) -> None:
    au = factories.merchant("AU")
    now = clock.now()
    kw: dict = {}
    if "ends_at_offset" in setup:
        kw["starts_at"], kw["ends_at"] = now - timedelta(days=2), now - timedelta(hours=1)
    if "starts_at_offset" in setup:
        kw["starts_at"], kw["ends_at"] = now + timedelta(hours=1), now + timedelta(days=1)
    if "total_cap" in setup:
        kw["total_cap"] = setup["total_cap"]
    owner = factories.merchant("AU") if setup.get("foreign") else au
    merchant_voucher(owner, **kw)
    honey = factories.listed(au, fixed="50.00" if setup.get("min_spend_more") else "200.00")
    buyer = factories.consumer()
    with pytest.raises(VoucherRefused) as refused:
        helpers.quote(buyer, (honey, 1), voucher=setup.get("code", "HONEY20"))
    assert refused.value.code == code
    assert refused.value.fields["voucher"]
    assert not CheckoutQuote.objects.exists()
    assert Voucher.objects.get().uses == 0


def test_a_buyer_uses_a_voucher_up_to_their_cap_and_an_unpaid_order_gives_it_back() -> None:
    au = factories.merchant("AU")
    honey = factories.listed(au, fixed="200.00")
    merchant_voucher(au, per_buyer_cap=1)
    buyer = factories.consumer()
    checkout = helpers.place(buyer, helpers.quote(buyer, (honey, 1), voucher="HONEY20"))
    with pytest.raises(VoucherRefused) as again:
        helpers.quote(buyer, (honey, 1), voucher="HONEY20")
    assert again.value.code == "voucher_buyer_cap_reached"
    order = checkout.orders.get()
    orders_expire_unpaid(now=order.expires_at)
    assert Voucher.objects.get().uses == 0
    helpers.quote(buyer, (honey, 1), voucher="HONEY20")  # usable again


def test_a_cap_reached_between_quote_and_place_refuses_the_place() -> None:
    au = factories.merchant("AU")
    honey = factories.listed(au, fixed="200.00")
    merchant_voucher(au, total_cap=1)
    first, second = factories.consumer(), factories.consumer()
    q1 = helpers.quote(first, (honey, 1), voucher="HONEY20")
    q2 = helpers.quote(second, (honey, 1), voucher="HONEY20")
    helpers.place(first, q1)
    with pytest.raises(VoucherRefused) as late:
        helpers.place(second, q2)
    assert late.value.code == "voucher_cap_reached"
    assert Voucher.objects.get().uses == 1
    assert not second.checkouts.exists()


def test_a_campaign_voucher_takes_only_the_campaign_goods() -> None:
    au, other = factories.merchant("AU"), factories.merchant("AU")
    c = helpers.campaign(au, percent="10")
    honey = factories.listed(au, fixed="200.00")
    plain = factories.listed(other, fixed="200.00")
    now = clock.now()
    voucher_create(
        code="FFW10",
        market_code="CN",
        currency="CNY",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=2),
        percent="10",
        campaign=c,
    )
    q = helpers.quote(factories.consumer(), (honey, 1), (plain, 1), voucher="ffw10")
    lines = {ln["listing_id"]: ln for g in q.snapshot["groups"] for ln in g["lines"]}
    assert lines[honey.pk]["unit_price_minor"] == 18000  # the campaign price first
    assert lines[honey.pk]["voucher_discount_minor"] == 1800  # then 10 % of what is paid
    assert lines[plain.pk]["voucher_discount_minor"] == 0
