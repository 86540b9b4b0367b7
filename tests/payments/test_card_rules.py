"""Card form rules and the intent's status table: pure, no database."""

import pytest

from tradelane.payments.cards.rules import (
    CardForm,
    can_transition,
    card_brand,
    card_problems,
    normalise_number,
)
from tradelane.payments.partners.acquirer import mapper
from tradelane.payments.partners.acquirer.client import SimulatedAcquirer, challenge_for
from tradelane.payments.partners.acquirer.settings import AcquirerSettings


def form(**changes: str) -> CardForm:
    values = {
        "number": "4242 4242 4242 4242",
        "exp_month": "12",
        "exp_year": "2030",
        "cvc": "123",
        "name": "Tan Wei Ming",
    }
    return CardForm(**{**values, **changes})


def test_a_good_card_has_no_problems() -> None:
    assert card_problems(form(), year=2025, month=6) == {}


@pytest.mark.parametrize("number", ["4242424242424241", "4000000000003221", "1234567812345678"])
def test_a_number_failing_luhn_is_refused(number: str) -> None:
    assert "not valid" in str(card_problems(form(number=number), year=2025, month=6)["number"][0])


@pytest.mark.parametrize("number", ["", "4242", "4242-abcd-4242-4242", "4" * 20])
def test_a_number_of_the_wrong_shape_is_refused(number: str) -> None:
    assert "number" in card_problems(form(number=number), year=2025, month=6)


def test_an_expired_card_is_refused_but_its_own_month_still_pays() -> None:
    assert card_problems(form(exp_month="5", exp_year="2025"), year=2025, month=6) == {
        "exp_year": ["This card has expired."]
    }
    assert card_problems(form(exp_month="6", exp_year="25"), year=2025, month=6) == {}


def test_every_bad_field_is_named_at_once() -> None:
    problems = card_problems(
        CardForm(number="4242", exp_month="13", exp_year="x", cvc="1", name=" "),
        year=2025,
        month=6,
    )
    assert set(problems) == {"number", "exp_month", "exp_year", "cvc", "name"}


def test_amex_takes_four_cvc_digits() -> None:
    amex = "378282246310005"
    assert card_brand(amex) == "amex"
    assert "cvc" in card_problems(form(number=amex, cvc="123"), year=2025, month=6)
    assert card_problems(form(number=amex, cvc="1234"), year=2025, month=6) == {}


def test_brands_and_spacing() -> None:
    assert normalise_number("4242 4242-4242 4242") == "4242424242424242"
    assert card_brand("5555555555554444") == "mastercard"
    assert card_brand("2223003122003222") == "mastercard"
    assert card_brand("6200000000000005") == "unionpay"
    assert card_brand("4000000000003220") == "visa"


def test_status_table_after_payment_intents() -> None:
    assert can_transition("requires_payment_method", "processing")
    assert can_transition("processing", "requires_action")
    assert can_transition("requires_action", "processing")
    assert can_transition("processing", "requires_payment_method")  # a decline: try another
    assert can_transition("processing", "succeeded")
    assert not can_transition("requires_payment_method", "succeeded")
    assert not can_transition("succeeded", "processing")
    assert not can_transition("canceled", "processing")
    assert not can_transition("succeeded", "canceled")


def confirm(number: str) -> mapper.IntentResult:
    card = mapper.CardDetails(number, 12, 2030, "123", "T")
    return SimulatedAcquirer(AcquirerSettings("simulated")).confirm(
        mapper.ConfirmRequest("pi_sim_1", "k1", card)
    )


@pytest.mark.parametrize(
    ("number", "status", "code"),
    [
        ("4242424242424242", "requires_capture", ""),
        ("4000000000003220", "requires_action", ""),
        ("4000000000000002", "requires_payment_method", "generic_decline"),
        ("4000000000009995", "requires_payment_method", "insufficient_funds"),
    ],
)
def test_the_simulated_acquirer_answers_stripes_test_cards(
    number: str, status: str, code: str, settings: object
) -> None:
    answer = confirm(number)
    assert (answer.status, answer.decline_code, answer.last4) == (status, code, number[-4:])
    assert answer.token.startswith("pm_sim_")
    assert number not in answer.token


def test_a_forged_or_failed_challenge_does_not_authenticate(settings: object) -> None:
    acquirer = SimulatedAcquirer(AcquirerSettings("simulated"))
    genuine = challenge_for("pi_sim_1")
    assert confirm("4000000000003220").challenge_id == genuine
    ok = acquirer.authenticate(mapper.ChallengeRequest("pi_sim_1", genuine, True))
    assert ok.status == "requires_capture"
    for challenge, passed in ((genuine, False), (challenge_for("pi_sim_2"), True)):
        refused = acquirer.authenticate(mapper.ChallengeRequest("pi_sim_1", challenge, passed))
        assert refused.status == "requires_payment_method"
        assert refused.decline_code == "payment_intent_authentication_failure"
