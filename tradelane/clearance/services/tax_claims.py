"""Claims on customs for import tax it took on China orders since refunded.

When customs clears a CBEC declaration the platform pays it the order's tax
(`declarations._remit_tax`). A refund made after that gives the buyer their tax back from
`customs_tax_receivable:<currency>` (`payments.services.refunds`: one claim leg per refund, up to what
was remitted and not yet claimed). This job applies to customs for each claim not yet settled
and posts its answer once: repaid, bank <- receivable; refused (the goods came back outside the
return window), the platform bears it, unrecovered <- receivable. Both answers share the one
transfer id `customs_tax_claim:<claim>` (and journal id), so a claim is settled at most once,
whichever worker or run posts it; a repeat of the same answer replays."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Concat

from tradelane.core import clock
from tradelane.customs.models import Declaration, DeclarationStatus
from tradelane.customs.partners.registry import tax_refund_office
from tradelane.customs.partners.tax_refund.mapper import TaxClaim, to_application
from tradelane.payments.models import AccountKind, Refund, Transfer, TransferKind
from tradelane.payments.services.accounts import (
    customs_tax_receivable,
    customs_tax_unrecovered,
    system_account,
)
from tradelane.payments.services.ledger import TransferSpec, journal_post
from tradelane.payments.services.refunds import TAX_CLAIM_CODE

logger = logging.getLogger(__name__)

SETTLED_PREFIX = "customs_tax_claim:"
REPAID_CODE, REFUSED_CODE = "customs_tax_repaid", "customs_tax_refused"


def _unsettled(limit: int) -> list[Transfer]:
    """Claim legs with no settlement yet, oldest first, locked (skipping those another worker
    holds, so workers split them)."""
    settled = Transfer.objects.filter(
        id=Concat(Value(SETTLED_PREFIX), OuterRef("id"), output_field=CharField())
    )
    locked = list(
        Transfer.objects.select_for_update(skip_locked=True)
        .filter(code=TAX_CLAIM_CODE, kind=TransferKind.POSTED)
        .exclude(Exists(settled))
        .order_by("created_at", "pk")[:limit]
    )
    # The filter above ran on the statement's snapshot: a worker that settled a claim and
    # committed after that snapshot but before we took the lock left its settlement invisible
    # to it (the claim row itself is unchanged, so PostgreSQL does not re-check). A new
    # statement sees that commit, so claims settled meanwhile drop out here.
    settled_now = set(
        Transfer.objects.filter(id__in=[f"{SETTLED_PREFIX}{t.pk}" for t in locked]).values_list(
            "id", flat=True
        )
    )
    return [t for t in locked if f"{SETTLED_PREFIX}{t.pk}" not in settled_now]


def _claims(rows: list[Transfer]) -> list[TaxClaim]:
    refunds = {
        r.journal_id: r
        for r in Refund.objects.filter(journal_id__in={t.journal_id for t in rows}).only(
            "journal_id", "order_id", "created_at"
        )
    }
    declarations = {
        d.order_id: d
        for d in Declaration.objects.filter(
            order_id__in={r.order_id for r in refunds.values()},
            status=DeclarationStatus.CLEARED,
        ).only("order_id", "reference", "decided_at")
    }
    claims = []
    for t in rows:
        refund = refunds[t.journal_id]
        declaration = declarations[refund.order_id]
        assert declaration.decided_at is not None  # cleared
        claims.append(
            TaxClaim(
                claim_id=t.pk,
                declaration_reference=declaration.reference,
                amount_minor=t.amount,
                currency=t.currency,
                cleared_at=declaration.decided_at,
                returned_at=refund.created_at,
            )
        )
    return claims


def _settle(claim: TaxClaim, now: datetime) -> str:
    answer = tax_refund_office().apply(to_application(claim), now=now)
    receivable = customs_tax_receivable(claim.currency).pk
    if answer.status == "repaid":
        debit, code = system_account(AccountKind.BANK, claim.currency).pk, REPAID_CODE
    else:
        debit, code = customs_tax_unrecovered(claim.currency).pk, REFUSED_CODE
    settlement_id = f"{SETTLED_PREFIX}{claim.claim_id}"
    journal_post(
        journal_id=settlement_id,
        kind=code,
        reference=(answer.reference or claim.declaration_reference)[:64],
        transfers=[TransferSpec(settlement_id, debit, receivable, claim.amount_minor, code)],
    )
    if answer.status != "repaid":
        logger.warning(
            "customs refused the tax claim %s (%s): %s",
            claim.claim_id,
            answer.reason_code,
            answer.reason,
        )
    return answer.status


def tax_claims_settle(*, limit: int = 200) -> dict[str, int]:
    """The job step: apply for every unsettled claim and post customs' answer, once each."""
    counts = {"repaid": 0, "refused": 0}
    with transaction.atomic():
        rows = _unsettled(limit)
        now = clock.now()
        for claim in _claims(rows):
            try:
                with transaction.atomic():  # a claim that raises undoes only itself
                    counts[_settle(claim, now)] += 1
            except Exception:
                logger.exception("customs tax claim %s: not settled, will retry", claim.claim_id)
    return {"tax_claims_repaid": counts["repaid"], "tax_claims_refused": counts["refused"]}
