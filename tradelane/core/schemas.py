"""Schemas shared by every API: the error shape and money."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ninja import Schema

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
