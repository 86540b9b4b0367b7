"""Paying SG/MY checkouts by card: the acquirer's test cards, 3-D Secure, refusals that move
nothing, idempotent confirms, refunds back to the card."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from tests import factories
from tradelane.core.errors import ApplicationError
from tradelane.core.money import Money
from tradelane.inventory.models import Reservation, StockItem
from tradelane.markets.selectors import market_get
from tradelane.orders.models import Checkout
from tradelane.orders.services import cart_set_line, checkout_place, checkout_quote
from tradelane.payments.cards.rules import CardForm
from tradelane.payments.cards.services import (
    card_intent_authenticate,
    card_intent_confirm,
    card_intent_create,
)
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import (
    CardIntent,
    CardIntentStatusChange,
    CardRefund,
    Journal,
    LedgerAccount,
    Payment,
    Transfer,
)
from tradelane.payments.services.refunds import refund_order

pytestmark = pytest.mark.django_db

SUCCEEDS, THREE_DS = "4242 4242 4242 4242", "4000 0000 0000 3220"
DECLINED, NO_FUNDS = "4000000000000002", "4000000000009995"


def card(number: str = SUCCEEDS, **changes: str) -> CardForm:
    values = {"exp_month": "12", "exp_year": "2035", "cvc": "123", "name": "Tan Wei Ming"}
    return CardForm(number=number, **{**values, **changes})


def placed(market: str = "SG", fixed: str = "40.00"):
    au = factories.merchant("AU")
    listing = factories.listed(au, market, fixed=fixed, stock=10)
    buyer = factories.consumer(market, identity=False)
    cart_set_line(consumer=buyer, market_code=market, listing_id=listing.pk, quantity=2)
    quote = checkout_quote(consumer=buyer, market=market_get(market))
    checkout = checkout_place(
        consumer=buyer, quote_id=quote.pk, address_id=factories.address(buyer).pk
    )
    return buyer, checkout, au, listing


def snapshot(checkout: Checkout) -> tuple:
    """Everything a refused card payment must leave as it was."""
    return (
        Transfer.objects.count(),
        Payment.objects.count(),
        Checkout.objects.get(pk=checkout.pk).status,
        sorted(checkout.orders.values_list("status", flat=True)),
        sorted(Reservation.objects.values_list("status", "quantity")),
        sorted(StockItem.objects.values_list("on_hand", "reserved")),
    )


def balance(code: str) -> int:
    return LedgerAccount.objects.get(code=code).credit_balance


def assert_paid(buyer, checkout: Checkout, intent: CardIntent, au) -> None:
    assert intent.status == "succeeded"
    assert Checkout.objects.get(pk=checkout.pk).status == "paid"
    assert set(checkout.orders.values_list("status", flat=True)) == {"paid"}
    payment = Payment.objects.get(pk=intent.payment_id)
    assert (payment.method, payment.status, payment.wallet_id) == ("card", "succeeded", None)
    assert payment.amount_minor == checkout.total_minor
    assert Journal.objects.filter(kind="capture").count() == 1
    # the capture went through card clearing and out to the order's legs
    assert balance(f"card_acquirer:{checkout.currency}") == -checkout.total_minor
    assert balance(f"card_clearing:{checkout.currency}") == 0
    assert balance(f"merchant_payable:{au.pk}:AUD") > 0
    assert sorted(StockItem.objects.values_list("on_hand", "reserved")) == [(8, 0)]
    assert ledger_invariant().ok


def test_a_good_card_pays_the_checkout_like_the_wallet() -> None:
    buyer, checkout, au, _ = placed()
    intent = card_intent_create(consumer=buyer, checkout_id=checkout.pk, idempotency_key="k1")
    assert (intent.status, intent.amount_minor, intent.currency) == (
        "requires_payment_method",
        checkout.total_minor,
        "SGD",
    )
    intent = card_intent_confirm(consumer=buyer, intent_id=intent.pk, card=card())
    assert_paid(buyer, checkout, intent, au)
    assert (intent.card_brand, intent.card_last4) == ("visa", "4242")
    assert intent.card_token.startswith("pm_sim_")
    stored = CardIntent.objects.filter(pk=intent.pk).values()[0]
    assert not any("4242424242424242" in str(value) for value in stored.values())
    assert list(
        CardIntentStatusChange.objects.filter(intent=intent).values_list("to_status", flat=True)
    ) == ["requires_payment_method", "processing", "succeeded"]


def test_malaysia_pays_by_card_too() -> None:
    buyer, checkout, au, _ = placed("MY", fixed="120.00")
    intent = card_intent_create(consumer=buyer, checkout_id=checkout.pk, idempotency_key="k1")
    intent = card_intent_confirm(consumer=buyer, intent_id=intent.pk, card=card())
    assert_paid(buyer, checkout, intent, au)


def test_three_d_secure_passed_pays() -> None:
    buyer, checkout, au, _ = placed()
    intent = card_intent_create(consumer=buyer, checkout_id=checkout.pk, idempotency_key="k1")
    before = snapshot(checkout)
    intent = card_intent_confirm(consumer=buyer, intent_id=intent.pk, card=card(THREE_DS))
    assert intent.status == "requires_action"
    assert intent.challenge_id
    assert snapshot(checkout) == before  # nothing moves until the shopper answers
    intent = card_intent_authenticate(
        consumer=buyer, intent_id=intent.pk, challenge_id=intent.challenge_id, passed=True
    )
    assert_paid(buyer, checkout, intent, au)


def test_three_d_secure_failed_changes_nothing_and_another_card_may_pay() -> None:
    buyer, checkout, au, _ = placed()
    intent = card_intent_create(consumer=buyer, checkout_id=checkout.pk, idempotency_key="k1")
    before = snapshot(checkout)
    intent = card_intent_confirm(consumer=buyer, intent_id=intent.pk, card=card(THREE_DS))
    intent = card_intent_authenticate(
        consumer=buyer, intent_id=intent.pk, challenge_id=intent.challenge_id, passed=False
    )
    assert (intent.status, intent.failure_code) == (
        "requires_payment_method",
        "authentication_failed",
    )
    assert snapshot(checkout) == before
    assert ledger_invariant().ok
    intent = card_intent_confirm(consumer=buyer, intent_id=intent.pk, card=card())
    assert_paid(buyer, checkout, intent, au)


@pytest.mark.parametrize(
    ("number", "code"), [(DECLINED, "generic_decline"), (NO_FUNDS, "insufficient_funds")]
)
def test_a_declined_card_changes_nothing(number: str, code: str) -> None:
    buyer, checkout, _au, _ = placed()
    intent = card_intent_create(consumer=buyer, checkout_id=checkout.pk, idempotency_key="k1")
    before = snapshot(checkout)
    intent = card_intent_confirm(consumer=buyer, intent_id=intent.pk, card=card(number))
    assert (intent.status, intent.failure_code) == ("requires_payment_method", code)
    assert intent.failure_message
    assert snapshot(checkout) == before
    assert ledger_invariant().ok


def test_an_invalid_card_is_refused_with_its_fields_and_changes_nothing() -> None:
    buyer, checkout, _au, _ = placed()
    intent = card_intent_create(consumer=buyer, checkout_id=checkout.pk, idempotency_key="k1")
    before = snapshot(checkout)
    with pytest.raises(ApplicationError) as refused:
        card_intent_confirm(
            consumer=buyer, intent_id=intent.pk, card=card("4242424242424241", cvc="")
        )
    assert refused.value.code == "card_invalid"
    assert set(refused.value.fields) == {"number", "cvc"}
    assert snapshot(checkout) == before
    assert CardIntent.objects.get(pk=intent.pk).attempts == 0


def test_confirming_twice_captures_once() -> None:
    buyer, checkout, au, _ = placed()
    intent = card_intent_create(consumer=buyer, checkout_id=checkout.pk, idempotency_key="k1")
    first = card_intent_confirm(consumer=buyer, intent_id=intent.pk, card=card())
    again = card_intent_confirm(consumer=buyer, intent_id=intent.pk, card=card())
    assert again.payment_id == first.payment_id
    assert_paid(buyer, checkout, again, au)


def test_the_same_key_returns_the_same_intent_and_another_checkout_is_a_conflict() -> None:
    buyer, checkout, _au, _ = placed()
    one = card_intent_create(consumer=buyer, checkout_id=checkout.pk, idempotency_key="k1")
    assert card_intent_create(consumer=buyer, checkout_id=checkout.pk, idempotency_key="k1") == one
    with pytest.raises(ApplicationError) as refused:
        card_intent_create(consumer=buyer, checkout_id=checkout.pk + 1, idempotency_key="k1")
    assert refused.value.code == "idempotency_key_reused"
    assert CardIntent.objects.count() == 1


def test_a_paid_checkout_takes_no_second_card_payment() -> None:
    buyer, checkout, _au, _ = placed()
    one = card_intent_create(consumer=buyer, checkout_id=checkout.pk, idempotency_key="k1")
    two = card_intent_create(consumer=buyer, checkout_id=checkout.pk, idempotency_key="k2")
    card_intent_confirm(consumer=buyer, intent_id=one.pk, card=card())
    with pytest.raises(ApplicationError) as refused:
        card_intent_confirm(consumer=buyer, intent_id=two.pk, card=card())
    assert refused.value.code == "checkout_not_payable"
    assert Journal.objects.filter(kind="capture").count() == 1


def test_a_card_paid_order_is_refunded_back_to_the_card() -> None:
    buyer, checkout, au, _ = placed()
    intent = card_intent_create(consumer=buyer, checkout_id=checkout.pk, idempotency_key="k1")
    intent = card_intent_confirm(consumer=buyer, intent_id=intent.pk, card=card())
    order = checkout.orders.get()
    part = Money.from_minor(1000, "SGD")
    first = refund_order(
        order=order, amount=part, reason="customer_request", request_id="r1", actor="merchant:1"
    )
    again = refund_order(
        order=order, amount=part, reason="customer_request", request_id="r1", actor="merchant:1"
    )
    assert again.pk == first.pk
    assert CardRefund.objects.get(refund=first).acquirer_reference.startswith("re_sim_")
    assert balance("card_acquirer:SGD") == -(checkout.total_minor - 1000)
    assert balance("card_clearing:SGD") == 0
    rest = refund_order(
        order=order, amount=None, reason="customer_request", request_id="r2", actor="merchant:1"
    )
    assert rest.amount_minor == checkout.total_minor - 1000
    assert balance("card_acquirer:SGD") == 0
    assert balance(f"merchant_payable:{au.pk}:AUD") == 0
    order.refresh_from_db()
    assert order.status == "refunded"
    assert sum(CardRefund.objects.values_list("amount_minor", flat=True)) == checkout.total_minor
    assert ledger_invariant().ok


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_confirms_of_one_intent_capture_once(on_postgres: None) -> None:
    buyer, checkout, au, _ = placed()
    intent = card_intent_create(consumer=buyer, checkout_id=checkout.pk, idempotency_key="k1")

    def confirm(_: int) -> str:
        try:
            return card_intent_confirm(consumer=buyer, intent_id=intent.pk, card=card()).status
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = list(pool.map(confirm, range(2)))
    assert statuses == ["succeeded", "succeeded"]
    assert Payment.objects.filter(checkout=checkout).count() == 1
    assert_paid(buyer, checkout, CardIntent.objects.get(pk=intent.pk), au)
