"""Buyer identities: validated with python-stdnum, encrypted at rest, masked when shown."""

from __future__ import annotations

from typing import NamedTuple

from django.utils.translation import gettext as _
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumInvalid

from tradelane.accounts.models import Consumer
from tradelane.core import clock
from tradelane.core.crypto import blind_index, decrypt, encrypt
from tradelane.core.errors import ValidationFailed
from tradelane.customs import rules
from tradelane.customs.models import BuyerIdentity


class IdentityInvalid(ValidationFailed):
    default_code = "identity_invalid"


class RevealedIdentity(NamedTuple):
    """The clear values, for the customs declaration only."""

    name: str
    number: str


def _clean_name(name: str) -> str:
    cleaned = "".join(name.split())
    if not 2 <= len(cleaned) <= 30 or not all(ch.isalpha() or ch in "·•" for ch in cleaned):
        message = _("Enter the real name exactly as on the resident identity card.")
        raise IdentityInvalid(message, fields={"real_name": [message]})
    return cleaned


def _clean_number(number: str) -> str:
    try:
        return str(ric.validate(number))
    except StdnumInvalid:
        message = _("This is not a valid mainland resident identity number (18 characters).")
        raise IdentityInvalid(message, fields={"id_number": [message]}) from None


def identity_register(*, consumer: Consumer, real_name: str, id_number: str) -> BuyerIdentity:
    """Record or replace the buyer's identity for cross-border orders."""
    name, number = _clean_name(real_name), _clean_number(id_number)
    now = clock.now()
    values = {
        "name_encrypted": encrypt(name),
        "number_encrypted": encrypt(number),
        "number_index": blind_index(number),
        "name_masked": rules.mask_name(name),
        "number_masked": rules.mask_id_number(number),
        "updated_at": now,
    }
    identity, _created = BuyerIdentity.objects.update_or_create(
        consumer=consumer, defaults=values, create_defaults={**values, "created_at": now}
    )
    return identity


def identity_reveal(identity: BuyerIdentity) -> RevealedIdentity:
    return RevealedIdentity(decrypt(identity.name_encrypted), decrypt(identity.number_encrypted))
