"""Who is calling: consumer and staff tokens (`tlu_...`) and merchant API keys (`tlk_...`).

A token of a deactivated person is unknown (401). A merchant or till key is refused while its
merchant is not active (403 `merchant_not_active`) or once the person who issued it was
deactivated (401 `api_key_owner_inactive`): only active merchants take money."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja.security import HttpBearer

from tradelane.accounts.models import Consumer
from tradelane.accounts.services import auth_token_consumer, auth_token_user
from tradelane.merchants.models import Merchant, Shop
from tradelane.merchants.services import api_key_merchant, api_key_shop


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


class MerchantKeyAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return api_key_merchant(token) if token.startswith("tlk_") else None


class ShopKeyAuth(HttpBearer):
    """A till key (`tls_...`): in-store payments at one shop, nothing else."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return api_key_shop(token) if token.startswith("tls_") else None


class PartnerKeyAuth(HttpBearer):
    """A logistics partner's key (`tlp_...`): scans and temperatures for its own parcels."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from tradelane.logistics.tracking import partner_for_key

        return partner_for_key(token) if token.startswith("tlp_") else None


def _auth(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def current_user(request: HttpRequest) -> User:
    return cast(User, _auth(request))


def current_consumer(request: HttpRequest) -> Consumer:
    return cast(Consumer, _auth(request))


def current_merchant(request: HttpRequest) -> Merchant:
    return cast(Merchant, _auth(request))


def current_shop(request: HttpRequest) -> Shop:
    return cast(Shop, _auth(request))
