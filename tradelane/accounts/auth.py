"""Who is calling, by person: consumer and staff tokens (`tlu_...`). A token of a deactivated
person is unknown (401)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja.security import HttpBearer

from tradelane.accounts.models import Consumer
from tradelane.accounts.services import auth_token_consumer, auth_token_user


def bearer_token(request: HttpRequest) -> str:
    """The token the request was authenticated with (`Authorization: Bearer ...`)."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


class UserAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = auth_token_user(token) if token.startswith("tlu_") else None
        if user is not None:
            request.user = user
        return user


class ConsumerAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        consumer = auth_token_consumer(token) if token.startswith("tlu_") else None
        if consumer is not None:
            request.user = consumer.user
        return consumer


class OperatorAuth(UserAuth):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = super().authenticate(request, token)
        return user if user is not None and user.is_staff else None


def caller(request: HttpRequest) -> Any:
    """Whatever the route's auth returned for this request."""
    return request.auth  # type: ignore[attr-defined]


def current_user(request: HttpRequest) -> User:
    return cast(User, caller(request))


def current_consumer(request: HttpRequest) -> Consumer:
    return cast(Consumer, caller(request))
