from datetime import timedelta

import pytest

from tests import factories
from tradelane.core import clock
from tradelane.core.clock import ManualClock, use_clock
from tradelane.core.errors import Conflict, ValidationFailed
from tradelane.core.money import Money
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import TopUp, Transfer
from tradelane.payments.services.wallets import (
    topup_create,
    topups_settle,
    wallet_for,
    wallet_history,
    wallet_statement,
)

pytestmark = pytest.mark.django_db


def balance(wallet) -> int:
    wallet.account.refresh_from_db()
    return wallet.account.credit_balance


def test_a_consumer_in_china_gets_a_cny_wallet_and_tops_it_up() -> None:
    buyer = factories.consumer("CN")
    topup = topup_create(
        consumer=buyer, amount=Money.of("500", "CNY"), funding_source="card_4242", request_id="r1"
    )
    assert topup.status == "succeeded"
    wallet = wallet_for(buyer)
    assert wallet.currency == "CNY"
    assert balance(wallet) == 50000
    assert ledger_invariant().ok


def test_a_declined_card_moves_nothing() -> None:
    buyer = factories.consumer("AU")
    topup = topup_create(
        consumer=buyer, amount=Money.of("50", "AUD"), funding_source="card_0002", request_id="r1"
    )
    assert (topup.status, topup.failure_code) == ("failed", "card_declined")
    assert balance(wallet_for(buyer)) == 0
    assert not Transfer.objects.exists()


def test_an_asynchronous_charge_settles_later() -> None:
    buyer = factories.consumer("CN")
    start = clock.now()
    with use_clock(ManualClock(start)) as manual:
        topup = topup_create(
            consumer=buyer,
            amount=Money.of("80", "CNY"),
            funding_source="card_3155",
            request_id="r1",
        )
        assert topup.status == "pending"
        assert topups_settle() == 0
        manual.advance(timedelta(seconds=6))  # type: ignore[attr-defined]
        assert topups_settle() == 1
        assert topups_settle() == 0
    assert TopUp.objects.get(pk=topup.pk).status == "succeeded"
    assert balance(wallet_for(buyer)) == 8000
    assert ledger_invariant().ok


def test_the_same_request_id_tops_up_once() -> None:
    buyer = factories.consumer("CN")
    first = topup_create(
        consumer=buyer, amount=Money.of("100", "CNY"), funding_source="card_4242", request_id="same"
    )
    again = topup_create(
        consumer=buyer, amount=Money.of("100", "CNY"), funding_source="card_4242", request_id="same"
    )
    assert first.pk == again.pk
    assert balance(wallet_for(buyer)) == 10000
    with pytest.raises(Conflict):
        topup_create(
            consumer=buyer,
            amount=Money.of("101", "CNY"),
            funding_source="card_4242",
            request_id="same",
        )
    assert balance(wallet_for(buyer)) == 10000


@pytest.mark.parametrize(
    ("amount", "currency", "source"),
    [
        ("0", "CNY", "card_4242"),
        ("50001", "CNY", "card_4242"),
        ("5", "USD", "card_4242"),
        ("5", "CNY", "paypal"),
    ],
)
def test_bad_top_ups_are_refused_and_create_nothing(
    amount: str, currency: str, source: str
) -> None:
    buyer = factories.consumer("CN")
    with pytest.raises(ValidationFailed):
        topup_create(
            consumer=buyer, amount=Money.of(amount, currency), funding_source=source, request_id="x"
        )
    assert not TopUp.objects.exists()


def test_history_and_statement() -> None:
    buyer = factories.consumer("CN")
    start = clock.now()
    with use_clock(ManualClock(start)) as manual:
        topup_create(
            consumer=buyer,
            amount=Money.of("100", "CNY"),
            funding_source="card_4242",
            request_id="a",
        )
        manual.advance(timedelta(days=1))  # type: ignore[attr-defined]
        topup_create(
            consumer=buyer, amount=Money.of("20", "CNY"), funding_source="card_4242", request_id="b"
        )
    wallet = wallet_for(buyer)
    history = wallet_history(wallet)
    assert [e.amount.minor for e in history] == [2000, 10000]
    statement = wallet_statement(
        wallet, start=start + timedelta(hours=1), end=start + timedelta(days=2)
    )
    assert statement.opening == Money.of("100", "CNY")
    assert [e.amount.minor for e in statement.entries] == [2000]
    assert statement.closing == Money.of("120", "CNY")
