"""Pure translation between a tax claim and customs' tax refund application (退税申请) and its
answer. Amounts travel as decimal strings in the currency's major unit, as customs writes them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tradelane.core.money import Money


@dataclass(frozen=True)
class TaxClaim:
    claim_id: str  # the ledger transfer that claimed the tax: one application per claim
    declaration_reference: str  # the single window's id of the cleared declaration
    amount_minor: int
    currency: str
    cleared_at: datetime  # customs released the goods
    returned_at: datetime  # the refund that gave the tax back to the buyer


@dataclass(frozen=True)
class TaxRefundAnswer:
    status: str  # repaid | refused
    reference: str = ""
    reason_code: str = ""
    reason: str = ""


def to_application(claim: TaxClaim) -> dict[str, Any]:
    return {
        "copNo": claim.claim_id,
        "invtNo": claim.declaration_reference,
        "taxTotal": str(Money.from_minor(claim.amount_minor, claim.currency).amount),
        "currency": claim.currency,
        "releaseTime": claim.cleared_at.isoformat(),
        "returnTime": claim.returned_at.isoformat(),
    }
