"""Merchant rules without the ORM: business numbers and the onboarding state machine."""

from __future__ import annotations

from stdnum import ean
from stdnum.au import abn
from stdnum.exceptions import ValidationError as StdnumError

COUNTRY_CURRENCY = {"AU": "AUD", "NZ": "NZD"}
NZBN_PREFIX = "94"

# from -> allowed targets. Rejected is final; a suspended merchant can be reinstated.
TRANSITIONS: dict[str, frozenset[str]] = {
    "applied": frozenset({"in_review", "active", "rejected"}),
    "in_review": frozenset({"active", "rejected"}),
    "active": frozenset({"suspended"}),
    "suspended": frozenset({"active"}),
    "rejected": frozenset(),
}


class BusinessNumberInvalid(ValueError):
    pass


def business_number_clean(country: str, number: str) -> str:
    """The compact, check-digit-verified ABN (AU) or NZBN (NZ), or BusinessNumberInvalid.

    An NZBN is a GS1 Global Location Number: 13 digits under GS1 New Zealand's prefix 94, with
    the GS1 modulo-10 check digit, which python-stdnum checks as an EAN-13.
    """
    try:
        if country == "AU":
            return str(abn.validate(number))
        if country == "NZ":
            compact = str(ean.validate(number))
            if len(compact) != 13 or not compact.startswith(NZBN_PREFIX):
                raise BusinessNumberInvalid("an NZBN has 13 digits and starts with 94")
            return compact
    except StdnumError as exc:
        raise BusinessNumberInvalid(str(exc)) from exc
    raise BusinessNumberInvalid("merchants are registered in AU or NZ")


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())
