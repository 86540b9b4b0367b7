"""Schemas shared by every API: the error shape and money."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Path, Query, Schema
from pydantic import AfterValidator, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import CoreSchema, core_schema

from tradelane.core.money import Money
from tradelane.core.text import NAME_PATTERN, name_check


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]
    extra: dict[str, Any] | None = None


class ErrorOut(Schema):
    error: ErrorDetail


class MoneyOut(Schema):
    amount: Decimal
    currency: str

    @classmethod
    def of(cls, money: Money) -> MoneyOut:
        return cls(amount=money.amount, currency=money.currency)

    @classmethod
    def minor(cls, minor: int, currency: str) -> MoneyOut:
        return cls.of(Money.from_minor(minor, currency))


ALWAYS_POSSIBLE = (400, 413, 422)


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """Document the error responses an endpoint can give, all in the one shape.

    400 (unparseable request, a NUL character), 413 (a body over the size limit) and 422
    (invalid parameters) can answer any request.
    """
    return dict.fromkeys((*ALWAYS_POSSIBLE, *statuses), ErrorOut)


# Ids, page sizes and offsets are bounded in the schema: a 64-bit database integer cannot hold
# more, and the documentation then says what is accepted.
MAX_ID = 2**63 - 1
MAX_OFFSET = 10_000_000
Id = Annotated[int, Field(ge=1, le=MAX_ID, strict=True)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]


# Numbers in request bodies. In lax mode pydantic reads `true` as 1 and "7" as 7; a whole number
# in a body is a JSON integer, nothing else. (Strict would refuse a query string's "7": bodies
# only. Path and query numbers are typed with PathId, Offset and page_limit above.)
Integer = Annotated[int, Field(strict=True)]

# Decimals travel as JSON numbers or as decimal strings: digits, an optional fraction, nothing
# else ("", " 1", "1_0", "1e3" are refused, as the schema's pattern says). Booleans are refused
# by pydantic's Decimal already.
MONEY_PATTERN = r"^[0-9]+(\.[0-9]{1,2})?$"
SIGNED_DECIMAL_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"


@dataclass(frozen=True)
class DecimalText:
    """Refuses a decimal string that does not match `pattern`, and says so in the schema (the
    string branch of the number-or-string a Decimal is documented as)."""

    pattern: str

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        compiled = re.compile(self.pattern)

        def check(value: Any) -> Any:
            if isinstance(value, str) and not compiled.fullmatch(value):
                raise ValueError("a decimal number is expected, as digits like 12.50")
            return value

        return core_schema.no_info_before_validator_function(check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        out = handler(schema)
        target = handler.resolve_ref_schema(out)
        for branch in target.get("anyOf", [target]):
            if branch.get("type") == "string":
                branch.update(pattern=self.pattern, minLength=1)
        return out


# A money amount in a request: positive, at most 12 digits, 2 of them after the point. Other
# decimals follow the same form, their bounds inside the type (so they stay in the schema when
# the field is optional): Annotated[Decimal, Field(ge=..., le=...), DecimalText(pattern)].
Amount = Annotated[
    Decimal, Field(gt=0, max_digits=12, decimal_places=2), DecimalText(MONEY_PATTERN)
]

# A person's, a business's, a shop's or a product's name: no control characters, line or
# paragraph separators, or invisible or bidirectional formatting characters (core.text). The
# pattern is the check, so the schema says what is refused; tradelane.api words the error. The
# few format characters outside the BMP, which the pattern cannot list, `name_check` refuses.
Name = Annotated[str, Field(pattern=NAME_PATTERN), AfterValidator(name_check)]


def page_limit(default: int, maximum: int) -> Any:
    return Query(default, ge=1, le=maximum)


def _instant_in_utc(value: datetime) -> datetime:
    """Naive values are UTC; aware ones are converted. Databases accept narrower offsets than
    Python (PostgreSQL stops at ±15:59) and no year before 1, so nothing else reaches them."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        moment = value.astimezone(UTC)
    except OverflowError:
        raise ValueError("the moment is out of range") from None
    if not 1970 <= moment.year <= 9998:
        raise ValueError("the moment must be between 1970 and 9998")
    return moment


Instant = Annotated[datetime, AfterValidator(_instant_in_utc)]
