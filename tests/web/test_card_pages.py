"""The storefront's card payment pages: the option on the pay page, the card form's errors, the
3-D Secure page, then the order page as paid."""

import pytest
from django.test import Client

from tests.payments.test_cards import placed
from tradelane.inventory.models import StockItem
from tradelane.orders.models import Checkout
from tradelane.payments.models import CardIntent, Transfer

pytestmark = pytest.mark.django_db

CARD = {"exp_month": "12", "exp_year": "2035", "cvc": "123", "name": "Tan Wei Ming"}


def shopper(market: str = "SG"):
    buyer, checkout, _au, _ = placed(market)
    client = Client()
    client.force_login(buyer.user)
    return client, checkout


def test_the_pay_page_offers_the_card_where_there_is_no_wallet() -> None:
    client, checkout = shopper()
    page = client.get(f"/sg/pay/{checkout.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"/sg/pay/{checkout.pk}/card/" in html
    assert "Wallet balance" not in html


def test_card_form_errors_are_per_field_and_nothing_is_charged() -> None:
    client, checkout = shopper()
    page = client.post(
        f"/sg/pay/{checkout.pk}/card/", {**CARD, "number": "4242 4242 4242 4241", "cvc": "1"}
    )
    assert page.status_code == 422
    html = page.content.decode()
    assert "This card number is not valid" in html
    assert "security code" in html
    assert "4242 4242 4242 4241" not in html  # the number is never put back into a page
    assert Transfer.objects.count() == 0


def test_a_declined_card_says_so_and_changes_nothing() -> None:
    client, checkout = shopper()
    stock = list(StockItem.objects.values_list("on_hand", "reserved"))
    page = client.post(f"/sg/pay/{checkout.pk}/card/", {**CARD, "number": "4000000000000002"})
    assert page.status_code == 422
    assert "Your card was declined" in page.content.decode()
    assert Transfer.objects.count() == 0
    assert Checkout.objects.get(pk=checkout.pk).status == "awaiting_payment"
    assert list(StockItem.objects.values_list("on_hand", "reserved")) == stock


def test_three_d_secure_then_the_order_page_shows_paid() -> None:
    client, checkout = shopper("MY")
    page = client.post(f"/my/pay/{checkout.pk}/card/", {**CARD, "number": "4000000000003220"})
    intent = CardIntent.objects.get()
    assert page.status_code == 302
    assert page.url == f"/my/pay/card/{intent.pk}/3ds/"
    challenge = client.get(page.url)
    assert "•••• 3220" in challenge.content.decode()
    done = client.post(page.url, {"challenge_id": intent.challenge_id, "action": "complete"})
    order = checkout.orders.get()
    assert done.status_code == 302
    assert done.url == f"/my/orders/{order.number}/"
    assert Checkout.objects.get(pk=checkout.pk).status == "paid"
    assert "Paid by card" in client.get(done.url).content.decode()


def test_failing_three_d_secure_goes_back_to_the_card_form() -> None:
    client, checkout = shopper()
    page = client.post(f"/sg/pay/{checkout.pk}/card/", {**CARD, "number": "4000000000003220"})
    intent = CardIntent.objects.get()
    failed = client.post(page.url, {"challenge_id": intent.challenge_id, "action": "fail"})
    assert failed.url == f"/sg/pay/{checkout.pk}/card/"
    assert "3-D Secure authentication failed" in client.get(failed.url).content.decode()
    assert Transfer.objects.count() == 0
    assert Checkout.objects.get(pk=checkout.pk).status == "awaiting_payment"
