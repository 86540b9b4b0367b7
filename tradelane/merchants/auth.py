"""Who is calling, by key: merchant API keys (`tlk_...`) and till keys (`tls_...`).

A key is refused while its merchant is not active (403 `merchant_not_active`) or once the person
who issued it was deactivated (401 `api_key_owner_inactive`): only active merchants take money."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest
from ninja.security import HttpBearer

from tradelane.accounts.auth import caller
from tradelane.merchants.models import Merchant, Shop
from tradelane.merchants.services import api_key_merchant, api_key_shop


class MerchantKeyAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return api_key_merchant(token) if token.startswith("tlk_") else None


class ShopKeyAuth(HttpBearer):
    """A till key (`tls_...`): in-store payments at one shop, nothing else."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return api_key_shop(token) if token.startswith("tls_") else None


def current_merchant(request: HttpRequest) -> Merchant:
    return cast(Merchant, caller(request))


def current_shop(request: HttpRequest) -> Shop:
    return cast(Shop, caller(request))
