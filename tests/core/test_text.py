"""Names: control characters and bidirectional formatting characters are refused, ordinary names
in any script are not; the web forms that take names refuse them as the API does."""

import re
import sys
import unicodedata

import pytest
from django.core.exceptions import ValidationError

from tradelane.core.text import BIDI_CONTROLS, NAME_PATTERN, unsafe_in_name, validate_name
from tradelane.web.views.account import SignupForm
from tradelane.web.views.merchant_forms import ApplyForm, ProductForm, VariantForm
from tradelane.web.views.shop_forms import AddressForm, IdentityForm

# Control (Cc), format (Cf: zero-width space and joiners, BOM, soft hyphen, tags, bidi marks),
# line separator (Zl) and paragraph separator (Zp) characters, every one Unicode has.
INVISIBLE = [
    chr(c)
    for c in range(sys.maxunicode + 1)
    if unicodedata.category(chr(c)) in ("Cc", "Cf", "Zl", "Zp")
]
REFUSED = sorted(set(BIDI_CONTROLS) | set(INVISIBLE))
ACCEPTED = [
    "王芳",
    "Zoë O'Brien-Smith",
    "محمد",
    "Ngā Hua",
    "Dr. J. Smith & Co (NZ) Ltd",
    "a b",
    "李　小龙",  # ideographic space
    "𠮷野家",  # a CJK Extension B character
]


def test_the_refusal_covers_separators_and_zero_width_characters() -> None:
    for char in (
        "\u2028",
        "\u2029",
        "\u200b",
        "\u200c",
        "\u200d",
        "\ufeff",
        "\u00ad",
        "\U000e0041",
    ):
        assert char in REFUSED, hex(ord(char))
    # The zero-width joiner is refused too, though emoji sequences use it: names here are
    # people's, businesses' and products' in Chinese and English, and it hides in text.
    assert unsafe_in_name("Kiwi\u200dDairy") == "\u200d"


@pytest.mark.parametrize("char", REFUSED, ids=lambda c: f"U+{ord(c):04X}")
def test_control_and_bidi_characters_are_refused(char: str) -> None:
    name = f"Kiwi{char}Dairy"
    assert unsafe_in_name(name) == char
    with pytest.raises(ValidationError):
        validate_name(name)
    if ord(char) <= 0xFFFF:  # the schema's pattern says the same (see core.text for astral)
        assert re.fullmatch(NAME_PATTERN, name) is None


def test_the_schema_pattern_and_the_server_agree_on_every_bmp_character() -> None:
    pattern = re.compile(NAME_PATTERN)
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:  # surrogates are not characters of a str
            continue
        char = chr(code)
        assert (pattern.fullmatch(char) is None) == (unsafe_in_name(char) is not None), hex(code)


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
