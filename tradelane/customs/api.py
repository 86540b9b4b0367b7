"""The buyer's identity for cross-border orders to China: given once, shown masked."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema

from tradelane.accounts.auth import ConsumerAuth, current_consumer
from tradelane.core.errors import NotFound
from tradelane.core.schemas import Name, errors
from tradelane.customs.models import BuyerIdentity
from tradelane.customs.selectors import identity_of
from tradelane.customs.services.identity import identity_register

router = Router(auth=ConsumerAuth())


class IdentityIn(Schema):
    real_name: Name = Field(..., min_length=2, max_length=30, description="as on the identity card")
    id_number: str = Field(..., min_length=18, max_length=18, pattern=r"^[0-9]{17}[0-9Xx]$")


class IdentityOut(Schema):
    name: str = Field(..., description="masked")
    id_number: str = Field(..., description="masked")
    updated_at: datetime


def _out(identity: BuyerIdentity) -> IdentityOut:
    return IdentityOut(
        name=identity.name_masked, id_number=identity.number_masked, updated_at=identity.updated_at
    )


@router.put("/me/identity", response={200: IdentityOut, **errors(401)})
def put_identity(request: HttpRequest, payload: IdentityIn) -> IdentityOut:
    return _out(identity_register(consumer=current_consumer(request), **payload.dict()))


@router.get("/me/identity", response={200: IdentityOut, **errors(401, 404)})
def get_identity(request: HttpRequest) -> IdentityOut:
    identity = identity_of(current_consumer(request))
    if identity is None:
        raise NotFound("No identity on file.", code="identity_not_found")
    return _out(identity)
