"""Schemas shared by every API: the error shape and money."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Path, Query, Schema
from pydantic import AfterValidator

from tradelane.core.money import Money


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


ALWAYS_POSSIBLE = (400, 422)


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """Document the error responses an endpoint can give, all in the one shape.

    400 (unparseable request) and 422 (invalid parameters) can answer any request.
    """
    return dict.fromkeys((*ALWAYS_POSSIBLE, *statuses), ErrorOut)


# Ids, page sizes and offsets are bounded in the schema: a 64-bit database integer cannot hold
# more, and the documentation then says what is accepted.
MAX_ID = 2**63 - 1
MAX_OFFSET = 10_000_000
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]


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
