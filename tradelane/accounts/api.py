from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Header, Router, Schema, Status

from tradelane.accounts.auth import ConsumerAuth, UserAuth, bearer_token, current_consumer
from tradelane.accounts.models import Address, Consumer
from tradelane.accounts.selectors import addresses_of
from tradelane.accounts.services import (
    address_add,
    auth_token_create,
    auth_token_issue,
    auth_token_revoke,
    consumer_signup,
)
from tradelane.core.idempotency import respond_idempotently
from tradelane.core.ratelimit import client_ip
from tradelane.core.schemas import Name, errors

router = Router()


class SignupIn(Schema):
    email: str = Field(..., min_length=3, max_length=150, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    password: str = Field(..., min_length=10, max_length=128)
    display_name: Name = Field(..., min_length=1, max_length=80)
    market: str = Field(..., min_length=2, max_length=2)
    locale: str | None = Field(None, max_length=10)


class LoginIn(Schema):
    email: str = Field(..., max_length=150)
    password: str = Field(..., max_length=128)


class TokenOut(Schema):
    token: str
    expires_at: datetime


class ConsumerOut(Schema):
    id: int
    display_name: str
    market: str
    locale: str

    @staticmethod
    def resolve_market(obj: Consumer) -> str:
        return obj.market_id


class SignupOut(Schema):
    consumer: ConsumerOut
    token: TokenOut


class AddressIn(Schema):
    recipient: Name = Field(..., min_length=1, max_length=80)
    phone: str = Field(..., min_length=1, max_length=32)
    country: str = Field(..., min_length=2, max_length=2)
    province: str = Field(..., min_length=1, max_length=40)
    city: str = Field(..., min_length=1, max_length=60)
    district: str = Field("", max_length=60)
    line1: str = Field(..., min_length=1, max_length=200)
    postcode: str = Field("", max_length=12)
    is_default: bool = False


class AddressOut(Schema):
    id: int
    recipient: str
    phone: str
    country: str
    province: str
    city: str
    district: str
    line1: str
    postcode: str
    is_default: bool


@router.post("/auth/signup", response={201: SignupOut, **errors(404, 409, 422, 429)}, auth=None)
def signup(request: HttpRequest, payload: SignupIn) -> Status[dict[str, Any]]:
    """A buyer account and its first token. Too many sign-ups from one client address in an
    hour are refused (429 `too_many_attempts`, Retry-After)."""
    consumer = consumer_signup(
        email=payload.email,
        password=payload.password,
        display_name=payload.display_name,
        market_code=payload.market,
        locale=payload.locale,
        client_address=client_ip(request),
    )
    plain, token = auth_token_create(consumer.user)
    return Status(
        201, {"consumer": consumer, "token": {"token": plain, "expires_at": token.expires_at}}
    )


@router.post("/auth/token", response={200: TokenOut, **errors(401, 422, 429)}, auth=None)
def login(request: HttpRequest, payload: LoginIn) -> TokenOut:
    """A bearer token for the right password. After too many wrong ones the account is locked
    for a while (429 `too_many_attempts`, Retry-After), the right password included; so is a
    client address after too many wrong ones over any accounts."""
    plain, token = auth_token_issue(email=payload.email, password=payload.password, request=request)
    return TokenOut(token=plain, expires_at=token.expires_at)


@router.delete("/auth/token", response={204: None, **errors(401)}, auth=UserAuth())
def logout(request: HttpRequest) -> Status[None]:
    """Sign out: the token presented stops working at once."""
    auth_token_revoke(bearer_token(request))
    return Status(204, None)


@router.get("/me", response={200: ConsumerOut, **errors(401)}, auth=ConsumerAuth())
def me(request: HttpRequest) -> Consumer:
    return current_consumer(request)


@router.get("/me/addresses", response={200: list[AddressOut], **errors(401)}, auth=ConsumerAuth())
def my_addresses(request: HttpRequest) -> list[Address]:
    consumer = current_consumer(request)
    return list(addresses_of(consumer))


@router.post(
    "/me/addresses", response={201: AddressOut, **errors(401, 409, 422)}, auth=ConsumerAuth()
)
def add_address(
    request: HttpRequest,
    payload: AddressIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=255),
) -> HttpResponse:
    consumer = current_consumer(request)

    def act() -> tuple[int, Any]:
        return 201, AddressOut.from_orm(address_add(consumer=consumer, **payload.dict()))

    return respond_idempotently(
        request, scope=f"consumer:{consumer.pk}", key=idempotency_key, action=act
    )
