"""What a name may contain: no control characters (a name is one line of text) and no
bidirectional overrides, embeddings, isolates or marks, which make a name display as something
other than what it is (a merchant called "\u202eyenoh" reads "honey" backwards) and break labels,
statements and customs documents.

Pure: used by the API's schema types (`core.schemas.Name`) and by the web forms' name fields.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

BIDI_CONTROLS = frozenset(
    "\u061c"  # Arabic letter mark
    "\u200e\u200f"  # left-to-right and right-to-left marks
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings, pop, overrides
    "\u2066\u2067\u2068\u2069"  # isolates and pop
)

# For the OpenAPI schema: the same refusal as a pattern both ECMA-262 and Python's `re` read.
# Cc is U+0000-U+001F and U+007F-U+009F.
NAME_PATTERN = (
    "^[^\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]*$"
)
NO_NUL_PATTERN = "^[^\\u0000]*$"

NAME_REFUSED = _("Names cannot contain control characters or bidirectional formatting characters.")


def unsafe_in_name(value: str) -> str | None:
    """The first character a name may not contain, or None."""
    for char in value:
        if char in BIDI_CONTROLS or unicodedata.category(char) == "Cc":
            return char
    return None


def name_check(value: str) -> str:
    """For pydantic: the name unchanged, or a ValueError saying what is refused."""
    char = unsafe_in_name(value)
    if char is not None:
        raise ValueError(f"{NAME_REFUSED} (U+{ord(char):04X})")
    return value


def validate_name(value: str) -> None:
    """For Django forms and model fields."""
    char = unsafe_in_name(value)
    if char is not None:
        raise ValidationError(
            "%(message)s (U+%(code)04X)",
            code="unsafe_characters",
            params={"message": NAME_REFUSED, "code": ord(char)},
        )
