"""Names: control characters and bidirectional formatting characters are refused, ordinary names
in any script are not; the web forms that take names refuse them as the API does."""

import re

import pytest
from django.core.exceptions import ValidationError

from tradelane.core.text import BIDI_CONTROLS, NAME_PATTERN, unsafe_in_name, validate_name
from tradelane.web.views.account import SignupForm
from tradelane.web.views.merchant_forms import ApplyForm, ProductForm, VariantForm
from tradelane.web.views.shop_forms import AddressForm, IdentityForm

REFUSED = sorted(BIDI_CONTROLS) + [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))]
ACCEPTED = ["王芳", "Zoë O'Brien-Smith", "محمد", "Ngā Hua", "Dr. J. Smith & Co (NZ) Ltd", "a b"]


@pytest.mark.parametrize("char", REFUSED, ids=lambda c: f"U+{ord(c):04X}")
def test_control_and_bidi_characters_are_refused(char: str) -> None:
    name = f"Kiwi{char}Dairy"
    assert unsafe_in_name(name) == char
    with pytest.raises(ValidationError):
        validate_name(name)
    assert re.fullmatch(NAME_PATTERN, name) is None  # the schema's pattern says the same


@pytest.mark.parametrize("name", ACCEPTED)
def test_ordinary_names_are_accepted(name: str) -> None:
    assert unsafe_in_name(name) is None
    validate_name(name)
    assert re.fullmatch(NAME_PATTERN, name)


def _errors(form: object) -> dict:
    assert not form.is_valid()  # type: ignore[attr-defined]
    return form.errors  # type: ignore[attr-defined]


def test_web_forms_refuse_unsafe_names() -> None:
    bad = "Anna\u202eSmith"
    signup = SignupForm({"display_name": bad, "email": "a@b.test", "password": "long-enough-pw"})
    assert "display_name" in _errors(signup)
    apply = ApplyForm(
        {
            "legal_name": bad,
            "trading_name": "Kiwi\u2066Dairy",
            "country": "NZ",
            "business_number": "9429041234567",
            "contact_email": "a@b.test",
            "password": "long-enough-pw",
        }
    )
    assert {"legal_name", "trading_name"} <= set(_errors(apply))
    address = AddressForm(
        {
            "recipient": "王\x07芳",
            "phone": "13800000000",
            "province": "上海市",
            "city": "上海",
            "line1": "1 Road",
        },
        market_code="CN",
    )
    assert "recipient" in _errors(address)
    identity = IdentityForm({"real_name": "王\u200f芳", "id_number": "11010519491231002X"})
    assert "real_name" in _errors(identity)
    product = ProductForm({"name_en": bad, "name_zh_hans": bad, "brand": bad})
    assert {"name_en", "name_zh_hans", "brand"} <= set(_errors(product))
    variant = VariantForm({"sku": "X", "variant_name_en": bad, "variant_name_zh_hans": bad})
    assert {"variant_name_en", "variant_name_zh_hans"} <= set(_errors(variant))


def test_web_forms_accept_ordinary_names() -> None:
    signup = SignupForm({"display_name": "Zoë 王芳", "email": "a@b.test", "password": "long-pw-12"})
    assert signup.is_valid(), signup.errors
