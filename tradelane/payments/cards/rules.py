"""Card rules without the ORM: what a card form must hold, the card intent's status table."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from stdnum import luhn

REQUIRES_PAYMENT_METHOD = "requires_payment_method"
REQUIRES_ACTION = "requires_action"
PROCESSING = "processing"
SUCCEEDED = "succeeded"
CANCELED = "canceled"

# After Stripe's PaymentIntent: a refusal (decline, failed 3-D Secure) goes back to
# requires_payment_method, from which the shopper tries another card.
TRANSITIONS: dict[str, frozenset[str]] = {
    REQUIRES_PAYMENT_METHOD: frozenset({PROCESSING, CANCELED}),
    PROCESSING: frozenset({REQUIRES_ACTION, REQUIRES_PAYMENT_METHOD, SUCCEEDED}),
    REQUIRES_ACTION: frozenset({PROCESSING, REQUIRES_PAYMENT_METHOD, CANCELED}),
    SUCCEEDED: frozenset(),
    CANCELED: frozenset(),
}
OPEN = (REQUIRES_PAYMENT_METHOD, REQUIRES_ACTION)


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


_BRANDS = (
    ("amex", re.compile(r"^3[47]")),
    ("visa", re.compile(r"^4")),
    ("mastercard", re.compile(r"^(5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)")),
    ("unionpay", re.compile(r"^62")),
    ("jcb", re.compile(r"^35(2[89]|[3-8]\d)")),
)


def card_brand(number: str) -> str:
    for brand, prefix in _BRANDS:
        if prefix.match(number):
            return brand
    return "unknown"


def normalise_number(raw: str) -> str:
    """People type card numbers in groups; spaces and dashes are not part of the number."""
    return re.sub(r"[\s-]", "", raw or "")


@dataclass(frozen=True)
class CardForm:
    number: str
    exp_month: str
    exp_year: str
    cvc: str
    name: str


def card_problems(form: CardForm, *, year: int, month: int) -> dict[str, list[str]]:
    """Field -> messages for everything wrong with the card as typed; empty when it may go to
    the acquirer. `year`/`month` are today's (the card is good through its expiry month)."""
    problems: dict[str, list[str]] = {}
    number = normalise_number(form.number)
    if not re.fullmatch(r"\d{12,19}", number):
        problems["number"] = [_("Enter the 12 to 19 digits of the card number.")]
    elif not luhn.is_valid(number):
        problems["number"] = [_("This card number is not valid; check the digits.")]
    exp_month = int(form.exp_month) if re.fullmatch(r"\d{1,2}", form.exp_month or "") else 0
    exp_year = _full_year(form.exp_year)
    if not 1 <= exp_month <= 12:
        problems["exp_month"] = [_("Enter the expiry month, 1 to 12.")]
    if exp_year is None:
        problems["exp_year"] = [_("Enter the expiry year, such as 2030.")]
    elif exp_month and (exp_year, exp_month) < (year, month):
        problems["exp_year"] = [_("This card has expired.")]
    elif exp_year > year + 20:
        problems["exp_year"] = [_("Enter the expiry year, such as 2030.")]
    cvc_digits = 4 if card_brand(number) == "amex" else 3
    if not re.fullmatch(rf"\d{{{cvc_digits}}}", form.cvc or ""):
        problems["cvc"] = [
            _("Enter the %(n)s-digit security code from the card.") % {"n": cvc_digits}
        ]
    if not (form.name or "").strip() or len(form.name) > 100:
        problems["name"] = [_("Enter the name on the card.")]
    return problems


def _full_year(raw: str) -> int | None:
    if re.fullmatch(r"\d{2}", raw or ""):
        return 2000 + int(raw)
    if re.fullmatch(r"\d{4}", raw or ""):
        return int(raw)
    return None


def full_year(raw: str) -> int:
    """The expiry year of a card that passed `card_problems`."""
    return _full_year(raw) or 0
