"""What a name may contain: no control characters and no line or paragraph separators (a name
is one line of text), no bidirectional overrides, embeddings, isolates or marks, which make a
name display as something other than what it is (a merchant called "\u202eyenoh" reads "honey"
backwards), and no other invisible format characters (Unicode category Cf: zero-width space and
joiners, the byte-order mark, soft hyphen, tag characters), which make two names that look the
same differ, or carry hidden text, on labels, statements and customs documents.

Refusing Cf refuses the zero-width joiner that emoji sequences use, and the zero-width
non-joiner some scripts (Persian) use: names here are people's, businesses' and products' in
Chinese and English. Ordinary and ideographic spaces are accepted.

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

REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})

# For the OpenAPI schema: the same refusal as a pattern ECMA-262, Python's `re` and pydantic's
# regex engine all read, so it lists the characters (Unicode 14). Cc is U+0000-U+001F and
# U+007F-U+009F; Zl and Zp are U+2028 and U+2029; the rest is Cf (the bidi controls among them).
# Cf characters outside the BMP (tags U+E0001, U+E0020-U+E007F and a few others) cannot be
# written in a pattern all three read; the server refuses them too (`name_check`).
NAME_PATTERN = (
    "^[^\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u0600-\\u0605\\u061c\\u06dd\\u070f"
    "\\u0890\\u0891\\u08e2\\u180e\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2064"
    "\\u2066-\\u206f\\ufeff\\ufff9-\\ufffb]*$"
)
NO_NUL_PATTERN = "^[^\\u0000]*$"

NAME_REFUSED = _(
    "Names cannot contain control characters, line breaks, or invisible or bidirectional "
    "formatting characters."
)


def unsafe_in_name(value: str) -> str | None:
    """The first character a name may not contain, or None."""
    for char in value:
        if char in BIDI_CONTROLS or unicodedata.category(char) in REFUSED_CATEGORIES:
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
