"""Campaign services through the real checkout: window, opt-in, price in quote, order and
refund, flash-sale holds and their return, and the ledger after each."""

from datetime import UTC, datetime, timedelta

import pytest

from tests import factories
from tests.campaigns import helpers
from tradelane.campaigns.errors import (
    CampaignClosed,
    CampaignExists,
    FlashClaimExpired,
    FlashClaimQuantity,
    FlashSaleEnded,
    FlashSaleNotStarted,
    IllegalCampaignTransition,
    PerBuyerLimitReached,
    SoldOut,
    TemplateNotFound,
)
from tradelane.campaigns.models import Campaign, FlashSale, FlashSaleClaim
from tradelane.campaigns.selectors import campaign_prices, current_campaign
from tradelane.campaigns.services import (
    campaign_from_template,
    campaign_opt_in,
    campaign_set_status,
    campaigns_advance,
    flash_claims_expire,
    flash_sale_claim,
)
from tradelane.core import clock
from tradelane.orders.errors import QuoteExpired
from tradelane.orders.models import CheckoutQuote, OrderLine
from tradelane.orders.services import orders_expire_unpaid
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.services.refunds import refund_order
from tradelane.payments.services.wallets import wallet_for

pytestmark = pytest.mark.django_db


def test_fresh_food_week_comes_from_its_template_in_china_time() -> None:
    ffw = campaign_from_template("fresh-food-week", year=2026)
    assert ffw.code == "fresh-food-week-2026"
    assert ffw.starts_at == datetime(2026, 9, 7, 16, 0, tzinfo=UTC)  # 8 September, 00:00 Beijing
    assert ffw.ends_at - ffw.starts_at == timedelta(days=7)
    assert ffw.temperature_classes == ["chilled", "frozen"]
    assert ffw.markets == ["CN"]
    assert "鲜" in ffw.name_zh_hans
    assert ffw.headline_zh_hans
    assert ffw.body_en
    assert ffw.status == "draft"
    with pytest.raises(CampaignExists):
        campaign_from_template("fresh-food-week", year=2026)
    with pytest.raises(TemplateNotFound):
        campaign_from_template("black-friday", year=2026)
    assert Campaign.objects.count() == 1


def test_fresh_food_week_prices_chilled_goods_of_opted_in_merchants_only() -> None:
    au, other = factories.merchant("AU"), factories.merchant("AU")
    start = clock.now() - timedelta(hours=1)
    ffw = campaign_from_template("fresh-food-week", year=2026, starts_at=start)
    campaign_set_status(campaign_id=ffw.pk, to_status="scheduled", actor="operator:1")
    campaign_opt_in(code=ffw.code, merchant=au, actor=f"merchant:{au.pk}")
    chilled = factories.listed(au, fixed="199.00", temperature_class="chilled")
    ambient = factories.listed(au, fixed="199.00")
    not_in = factories.listed(other, fixed="199.00", temperature_class="chilled")
    prices = campaign_prices([chilled.pk, ambient.pk, not_in.pk], "CN")
    assert list(prices) == [chilled.pk]
    assert prices[chilled.pk].price_minor == 16899  # 15 % off, down to the .99 below
    assert current_campaign("CN") == ffw
    assert current_campaign("AU") is None


def test_status_moves_by_the_table_and_the_job_follows_the_clock() -> None:
    c = helpers.campaign(status="draft")
    with pytest.raises(IllegalCampaignTransition):
        campaign_set_status(campaign_id=c.pk, to_status="ended", actor="operator:1")
    campaign_set_status(campaign_id=c.pk, to_status="scheduled", actor="operator:1")
    assert campaigns_advance() == 1
    assert Campaign.objects.get(pk=c.pk).status == "live"
    assert campaigns_advance(now=c.ends_at) == 1
    assert Campaign.objects.get(pk=c.pk).status == "ended"
    with pytest.raises(CampaignClosed):
        campaign_opt_in(code=c.code, merchant=factories.merchant(), actor="operator:1")


def test_a_draft_campaign_prices_nothing() -> None:
    m = factories.merchant()
    helpers.campaign(m, status="draft")
    listing = factories.listed(m, fixed="200.00")
    assert campaign_prices([listing.pk], "CN") == {}


def test_the_campaign_price_is_quoted_ordered_charged_and_refunded_exactly() -> None:
    au, other = factories.merchant("AU"), factories.merchant("AU")
    c = helpers.campaign(au, percent="20")
    honey = factories.listed(au, fixed="200.00")
    plain = factories.listed(other, fixed="50.00")
    buyer = factories.consumer()
    q = helpers.quote(buyer, (honey, 2), (plain, 1))
    lines = {ln["listing_id"]: ln for g in q.snapshot["groups"] for ln in g["lines"]}
    assert lines[honey.pk]["unit_price_minor"] == 16000
    assert lines[honey.pk]["list_price_minor"] == 20000
    assert lines[honey.pk]["campaign_code"] == c.code
    assert lines[plain.pk]["unit_price_minor"] == 5000
    assert lines[plain.pk]["campaign_code"] == ""
    checkout = helpers.place(buyer, q)
    line = OrderLine.objects.get(listing=honey)
    assert (line.unit_price_minor, line.goods_minor) == (16000, 32000)
    helpers.pay(buyer, checkout)
    wallet = wallet_for(buyer).account
    wallet.refresh_from_db()
    before_refund = wallet.credit_balance
    order = checkout.orders.get(merchant=au)
    refund = refund_order(
        order=order, amount=None, reason="before_shipping", request_id="r1", actor="operator:1"
    )
    assert refund.amount_minor == order.total_minor  # what was charged, at the campaign price
    wallet.refresh_from_db()
    assert wallet.credit_balance == before_refund + order.total_minor
    assert ledger_invariant().ok


def test_a_quote_made_before_the_window_closed_never_charges_a_stale_campaign_price() -> None:
    m = factories.merchant()
    honey = factories.listed(m, fixed="200.00")
    buyer = factories.consumer()
    manual = helpers.at(clock.now())
    with clock.use_clock(manual):
        c = helpers.campaign(m, percent="20", hours=1)
        manual.set(c.ends_at - timedelta(minutes=1))
        late = helpers.quote(buyer, (honey, 1))
        assert late.snapshot["goods_minor"] == 16000
        manual.set(late.expires_at + timedelta(seconds=1))  # the window closed, the quote lapsed
        with pytest.raises(QuoteExpired):
            helpers.place(buyer, late)
        fresh = helpers.quote(buyer, (honey, 1))
        assert fresh.snapshot["goods_minor"] == 20000
        checkout = helpers.place(buyer, fresh)
        assert checkout.goods_minor == 20000


def test_a_quote_still_valid_after_the_window_charges_what_it_quoted() -> None:
    m = factories.merchant()
    honey = factories.listed(m, fixed="200.00")
    buyer = factories.consumer()
    manual = helpers.at(clock.now())
    with clock.use_clock(manual):
        c = helpers.campaign(m, percent="20", hours=1)
        manual.set(c.ends_at - timedelta(minutes=1))
        q = helpers.quote(buyer, (honey, 1))
        manual.set(c.ends_at + timedelta(minutes=1))
        checkout = helpers.place(buyer, q)
    assert checkout.goods_minor == q.snapshot["goods_minor"] == 16000


def _flash_setup(units: int = 5, limit: int = 2):
    m = factories.merchant()
    c = helpers.campaign(m, percent="10")
    honey = factories.listed(m, fixed="200.00")
    return c, honey, helpers.flash(c, honey, price="99.00", units=units, limit=limit)


def test_flash_claims_respect_the_buyer_limit_and_the_units() -> None:
    _c, _honey, sale = _flash_setup(units=3, limit=2)
    first, second = factories.consumer(), factories.consumer()
    claim = flash_sale_claim(flash_sale_id=sale.pk, consumer=first, quantity=2)
    assert claim.price_minor == 9900
    with pytest.raises(PerBuyerLimitReached):
        flash_sale_claim(flash_sale_id=sale.pk, consumer=first, quantity=1)
    with pytest.raises(SoldOut):
        flash_sale_claim(flash_sale_id=sale.pk, consumer=second, quantity=2)  # one left
    flash_sale_claim(flash_sale_id=sale.pk, consumer=second, quantity=1)
    sale.refresh_from_db()
    assert (sale.sold, sale.sold_out) == (3, True)
    with pytest.raises(SoldOut):
        flash_sale_claim(flash_sale_id=sale.pk, consumer=factories.consumer(), quantity=1)
    assert FlashSaleClaim.objects.count() == 2  # refusals wrote nothing


def test_flash_claims_only_inside_the_window() -> None:
    _c, _honey, sale = _flash_setup()
    buyer = factories.consumer()
    early = helpers.at(sale.starts_at - timedelta(seconds=1))
    with clock.use_clock(early), pytest.raises(FlashSaleNotStarted):
        flash_sale_claim(flash_sale_id=sale.pk, consumer=buyer, quantity=1)
    with clock.use_clock(helpers.at(sale.ends_at)), pytest.raises(FlashSaleEnded):
        flash_sale_claim(flash_sale_id=sale.pk, consumer=buyer, quantity=1)
    assert FlashSale.objects.get(pk=sale.pk).sold == 0


def test_a_hold_that_runs_out_gives_its_units_back() -> None:
    _c, _honey, sale = _flash_setup(units=1)
    buyer = factories.consumer()
    claim = flash_sale_claim(flash_sale_id=sale.pk, consumer=buyer, quantity=1)
    assert flash_claims_expire(now=claim.expires_at - timedelta(seconds=1)) == 0
    assert flash_claims_expire(now=claim.expires_at) == 1
    assert flash_claims_expire(now=claim.expires_at) == 0  # once
    sale.refresh_from_db()
    assert (sale.sold, sale.sold_out) == (0, False)
    flash_sale_claim(flash_sale_id=sale.pk, consumer=buyer, quantity=1)  # the limit came back too


def test_checkout_charges_the_held_flash_price_and_an_unpaid_order_gives_units_back() -> None:
    _c, honey, sale = _flash_setup(units=5, limit=2)
    buyer = factories.consumer()
    flash_sale_claim(flash_sale_id=sale.pk, consumer=buyer, quantity=2)
    with pytest.raises(FlashClaimQuantity):
        helpers.quote(buyer, (honey, 3))
    assert not CheckoutQuote.objects.exists()
    q = helpers.quote(buyer, (honey, 2))
    assert q.snapshot["goods_minor"] == 19800
    checkout = helpers.place(buyer, q)
    order = checkout.orders.get()
    assert FlashSaleClaim.objects.get().order_number == order.number
    assert orders_expire_unpaid(now=order.expires_at) == 1
    sale.refresh_from_db()
    assert sale.sold == 0
    assert FlashSaleClaim.objects.get().status == "released"


def test_placing_after_the_hold_ran_out_is_refused_and_changes_nothing() -> None:
    _c, honey, sale = _flash_setup()
    buyer = factories.consumer()
    claim = flash_sale_claim(flash_sale_id=sale.pk, consumer=buyer, quantity=1)
    q = helpers.quote(buyer, (honey, 1))
    FlashSaleClaim.objects.filter(pk=claim.pk).update(expires_at=clock.now())
    with pytest.raises(FlashClaimExpired):
        helpers.place(buyer, q)
    assert not checkout_exists(buyer)
    assert CheckoutQuote.objects.get(pk=q.pk).used_at is None


def checkout_exists(buyer) -> bool:
    from tradelane.orders.models import Checkout

    return Checkout.objects.filter(consumer=buyer).exists()


def test_paid_flash_order_keeps_the_ledger_balanced() -> None:
    _c, honey, sale = _flash_setup()
    buyer = factories.consumer()
    flash_sale_claim(flash_sale_id=sale.pk, consumer=buyer, quantity=1)
    checkout = helpers.place(buyer, helpers.quote(buyer, (honey, 1)))
    helpers.pay(buyer, checkout)
    order = checkout.orders.get()
    assert order.lines.get().unit_price_minor == 9900
    refund_order(order=order, amount=None, reason="before_shipping", request_id="x", actor="op")
    assert FlashSale.objects.get(pk=sale.pk).sold == 1  # sold units stay sold
    assert ledger_invariant().ok


def test_a_featured_listing_at_a_fixed_price_and_flash_sale_validation() -> None:
    from tradelane.campaigns.errors import InvalidCampaign
    from tradelane.campaigns.services import campaign_feature, flash_sale_create
    from tradelane.core.money import Money

    m = factories.merchant()
    c = helpers.campaign(m, percent="10")
    honey = factories.listed(m, fixed="200.00")
    campaign_feature(code=c.code, listing=honey, fixed_price=Money.of("128.00", "CNY"))
    assert campaign_prices([honey.pk], "CN")[honey.pk].price_minor == 12800  # lower than 10 % off
    with pytest.raises(InvalidCampaign) as refused:
        flash_sale_create(
            code=c.code,
            listing=honey,
            price=Money.of("250.00", "CNY"),
            units=0,
            per_buyer_limit=1,
            starts_at=c.starts_at,
            ends_at=c.ends_at + timedelta(days=1),
        )
    assert set(refused.value.fields) == {"price", "units", "ends_at"}
    assert not FlashSale.objects.exists()


def test_the_template_command_creates_the_year_once() -> None:
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = StringIO()
    call_command("campaign_from_template", "fresh-food-week", year=2028, schedule=True, stdout=out)
    assert "fresh-food-week-2028: scheduled" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("campaign_from_template", "fresh-food-week", year=2028, stdout=out)
