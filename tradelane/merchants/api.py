from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Header, Router, Schema, Status

from tradelane.accounts.auth import OperatorAuth, UserAuth, current_user
from tradelane.core.idempotency import respond_idempotently
from tradelane.core.schemas import Name, PathId, errors, page_limit
from tradelane.merchants import selectors
from tradelane.merchants.auth import MerchantKeyAuth, current_merchant
from tradelane.merchants.errors import ApiKeyNotFound, MerchantNotFound
from tradelane.merchants.models import ApiKey, Merchant, MerchantStaff, MerchantStatus, Shop
from tradelane.merchants.services import (
    api_key_create,
    api_key_revoke,
    merchant_apply,
    merchant_owned_by,
    merchant_set_status,
    shop_create,
    staff_add,
)

onboarding_router = Router()
merchant_router = Router(auth=MerchantKeyAuth())
operator_router = Router(auth=OperatorAuth())


class ApplicationIn(Schema):
    legal_name: Name = Field(..., min_length=2, max_length=200)
    trading_name: Name = Field(..., min_length=2, max_length=200)
    country: str = Field(..., pattern="^(AU|NZ)$")
    business_number: str = Field(..., min_length=9, max_length=20)
    contact_email: str = Field(..., max_length=150, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    password: str = Field(..., min_length=10, max_length=128)
    region: str = Field("", max_length=60)


class MerchantOut(Schema):
    id: int
    legal_name: str
    trading_name: str
    country: str
    business_number: str
    settlement_currency: str
    region: str
    status: str
    created_at: datetime


class ApiKeyIn(Schema):
    name: Name = Field(..., min_length=1, max_length=80)


class ApiKeyOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    revoked_at: datetime | None


class ApiKeyCreatedOut(ApiKeyOut):
    secret: str = Field(..., description="shown only now: store it safely")


class StaffIn(Schema):
    email: str = Field(..., max_length=150, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    password: str = Field(..., min_length=10, max_length=128)
    name: Name = Field(..., min_length=1, max_length=150)


class StaffOut(Schema):
    id: int
    email: str
    name: str
    role: str
    created_at: datetime

    @staticmethod
    def resolve_email(obj: MerchantStaff) -> str:
        return obj.user.email

    @staticmethod
    def resolve_name(obj: MerchantStaff) -> str:
        return obj.user.first_name


class ShopIn(Schema):
    name: Name = Field(..., min_length=1, max_length=120)
    address: str = Field(..., min_length=1, max_length=200)
    city: str = Field(..., min_length=1, max_length=60)
    country: str | None = Field(None, pattern="^(AU|NZ)$")


class ShopOut(Schema):
    id: int
    name: str
    address: str
    city: str
    country: str
    currency: str
    is_active: bool


class TransitionIn(Schema):
    to_status: MerchantStatus
    reason: str = Field("", max_length=500)


@onboarding_router.post("/applications", response={201: MerchantOut, **errors(409, 422)}, auth=None)
def apply(
    request: HttpRequest,
    payload: ApplicationIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=255),
) -> HttpResponse:
    def act() -> tuple[int, Any]:
        return 201, MerchantOut.from_orm(merchant_apply(**payload.dict()))

    # Applicants have no account yet: their keys share one scope, so use random keys (UUIDs).
    return respond_idempotently(
        request, scope="anonymous:applications", key=idempotency_key, action=act
    )


@onboarding_router.get(
    "/api-keys", response={200: list[ApiKeyOut], **errors(401, 403)}, auth=UserAuth()
)
def list_api_keys(request: HttpRequest) -> list[ApiKey]:
    merchant = merchant_owned_by(current_user(request))
    return selectors.merchant_api_keys(merchant)


@onboarding_router.post(
    "/api-keys", response={201: ApiKeyCreatedOut, **errors(401, 403, 422)}, auth=UserAuth()
)
def create_api_key(request: HttpRequest, payload: ApiKeyIn) -> Status[ApiKeyCreatedOut]:
    user = current_user(request)
    plain, key = api_key_create(
        merchant=merchant_owned_by(user), name=payload.name, created_by=user
    )
    out = ApiKeyCreatedOut(
        id=key.pk,
        name=key.name,
        prefix=key.prefix,
        created_at=key.created_at,
        revoked_at=None,
        secret=plain,
    )
    return Status(201, out)


@onboarding_router.post(
    "/api-keys/{key_id}/revoke", response={200: ApiKeyOut, **errors(401, 403, 404)}, auth=UserAuth()
)
def revoke_api_key(request: HttpRequest, key_id: PathId) -> ApiKey:
    return api_key_revoke(merchant=merchant_owned_by(current_user(request)), key_id=key_id)


@onboarding_router.get(
    "/staff", response={200: list[StaffOut], **errors(401, 403)}, auth=UserAuth()
)
def list_staff(request: HttpRequest) -> list[MerchantStaff]:
    merchant = merchant_owned_by(current_user(request))
    return selectors.merchant_staff(merchant)


@onboarding_router.post(
    "/staff", response={201: StaffOut, **errors(401, 403, 409, 422)}, auth=UserAuth()
)
def add_staff(request: HttpRequest, payload: StaffIn) -> Status[MerchantStaff]:
    merchant = merchant_owned_by(current_user(request))
    return Status(201, staff_add(merchant=merchant, **payload.dict()))


@onboarding_router.post(
    "/shops/{shop_id}/api-keys",
    response={201: ApiKeyCreatedOut, **errors(401, 403, 404)},
    auth=UserAuth(),
)
def create_till_key(
    request: HttpRequest, shop_id: PathId, payload: ApiKeyIn
) -> Status[ApiKeyCreatedOut]:
    """A till key for one shop: it takes in-store payments there and can do nothing else."""
    user = current_user(request)
    merchant = merchant_owned_by(user)
    shop = selectors.merchant_shop(merchant, shop_id)
    if shop is None:
        raise ApiKeyNotFound("No such shop.", code="shop_not_found")
    plain, key = api_key_create(merchant=merchant, name=payload.name, created_by=user, shop=shop)
    out = ApiKeyCreatedOut(
        id=key.pk,
        name=key.name,
        prefix=key.prefix,
        created_at=key.created_at,
        revoked_at=None,
        secret=plain,
    )
    return Status(201, out)


@merchant_router.get("", response={200: MerchantOut, **errors(401)})
def merchant_profile(request: HttpRequest) -> Merchant:
    return current_merchant(request)


@merchant_router.get("/shops", response={200: list[ShopOut], **errors(401)})
def list_shops(request: HttpRequest) -> list[Shop]:
    return selectors.merchant_shops(current_merchant(request))


@merchant_router.post("/shops", response={201: ShopOut, **errors(401, 409, 422)})
def add_shop(
    request: HttpRequest,
    payload: ShopIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=255),
) -> HttpResponse:
    merchant = current_merchant(request)

    def act() -> tuple[int, Any]:
        return 201, ShopOut.from_orm(shop_create(merchant=merchant, **payload.dict()))

    return respond_idempotently(
        request, scope=f"merchant:{merchant.pk}", key=idempotency_key, action=act
    )


@operator_router.get("/merchants", response={200: list[MerchantOut], **errors(401)})
def operator_merchants(
    request: HttpRequest, status: MerchantStatus | None = None, limit: int = page_limit(50, 200)
) -> list[Merchant]:
    return selectors.merchants_for_operator(status, limit)


@operator_router.post(
    "/merchants/{merchant_id}/transition", response={200: MerchantOut, **errors(401, 404, 409, 422)}
)
def operator_transition(
    request: HttpRequest, merchant_id: PathId, payload: TransitionIn
) -> Merchant:
    merchant = selectors.merchant_get(merchant_id)
    if merchant is None:
        raise MerchantNotFound("No such merchant.")
    return merchant_set_status(
        merchant=merchant,
        to_status=payload.to_status,
        actor=current_user(request),
        reason=payload.reason,
    )
