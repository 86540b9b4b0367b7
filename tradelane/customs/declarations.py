"""CBEC declarations: opened for every paid China order, submitted through the customs adapter,
answered asynchronously. Clearing remits the order's tax; a rejection refunds the order in full
(which gives back stock and quota). One `declaration_set_status` records every change."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.db import transaction

from tradelane.core import clock
from tradelane.core.errors import Conflict
from tradelane.customs import documents
from tradelane.customs.models import (
    BuyerIdentity,
    Declaration,
    DeclarationStatus,
    DeclarationStatusChange,
)
from tradelane.customs.partners.registry import SingleWindowClient, single_window
from tradelane.customs.partners.single_window.mapper import Verdict, to_message
from tradelane.orders.models import Order, OrderStatus
from tradelane.payments.accounts import system_account
from tradelane.payments.ledger import TransferSpec, journal_post
from tradelane.payments.models import AccountKind, Journal
from tradelane.payments.refunds import refund_order

TRANSITIONS = {
    DeclarationStatus.PENDING: {DeclarationStatus.SUBMITTED},
    DeclarationStatus.SUBMITTED: {
        DeclarationStatus.HELD,
        DeclarationStatus.CLEARED,
        DeclarationStatus.REJECTED,
    },
    DeclarationStatus.HELD: {DeclarationStatus.CLEARED, DeclarationStatus.REJECTED},
    DeclarationStatus.CLEARED: set(),
    DeclarationStatus.REJECTED: set(),
}
DECLARABLE = (OrderStatus.PAID, OrderStatus.IN_FULFILMENT)
SYSTEM = "system:customs"


class IllegalDeclarationTransition(Conflict):
    default_code = "illegal_declaration_transition"


def declaration_set_status(
    declaration: Declaration, to_status: str, *, actor: str, reason: str = "", **fields: object
) -> Declaration:
    """The one way a declaration's status changes: a conditional UPDATE from the status it had."""
    if to_status not in TRANSITIONS[DeclarationStatus(declaration.status)]:
        raise IllegalDeclarationTransition(
            f"A declaration that is {declaration.status} cannot become {to_status}."
        )
    now = clock.now()
    if to_status in (DeclarationStatus.HELD, DeclarationStatus.REJECTED):
        fields["reason"] = reason[:300]  # customs' words, shown to operators and the merchant
    changed = Declaration.objects.filter(pk=declaration.pk, status=declaration.status).update(
        status=to_status, **fields
    )
    if not changed:
        raise IllegalDeclarationTransition("The declaration changed meanwhile.")
    DeclarationStatusChange.objects.create(
        declaration=declaration,
        from_status=declaration.status,
        to_status=to_status,
        actor=actor,
        reason=reason[:300],
        at=now,
    )
    declaration.refresh_from_db()
    return declaration


def declarations_open(*, limit: int = 200) -> int:
    """A pending declaration for every paid China order that has none yet."""
    orders = list(
        Order.objects.filter(
            market_id="CN", status__in=DECLARABLE, declaration__isnull=True
        ).values_list("pk", "merchant_id", "customs_mode")[:limit]
    )
    now = clock.now()
    Declaration.objects.bulk_create(
        [
            Declaration(
                id=f"dcl_{secrets.token_hex(10)}",
                order_id=pk,
                merchant_id=merchant_id,
                customs_mode=mode or "9610",
                created_at=now,
            )
            for pk, merchant_id, mode in orders
        ],
        ignore_conflicts=True,  # another worker opened it first
    )
    return len(orders)


_SUBMITTED_FIELDS = ["documents", "status", "reference", "submitted_at", "answer_due_at"]


def declarations_submit(*, limit: int = 200) -> int:
    """Submit up to `limit` pending declarations in one transaction: the rows locked (skipping
    rows another worker holds, so workers split the queue), every order's documents read in a
    few queries, each message sent, then the rows and their status changes written in bulk.
    Per declaration this costs a fraction of a query; one at a time it cost about twelve."""
    with transaction.atomic():
        batch = list(
            Declaration.objects.select_for_update(skip_locked=True)
            .filter(status=DeclarationStatus.PENDING, on_hold=False)
            .order_by("created_at", "pk")[:limit]
        )
        if not batch:
            return 0
        orders = Order.objects.select_related("merchant").in_bulk([d.order_id for d in batch])
        found = documents.documents_for_orders(list(orders.values()))
        payers = documents.payer_rows(found.values())
        window, now = single_window(), clock.now()
        for declaration in batch:
            declaration.documents = found[declaration.order_id]
            buyer, payer = documents.identities(
                orders[declaration.order_id], declaration.documents, payers
            )
            receipt = window.submit(to_message(declaration.documents, buyer, payer), now=now)
            declaration.status = DeclarationStatus.SUBMITTED
            declaration.reference = receipt.reference
            declaration.submitted_at, declaration.answer_due_at = now, receipt.answer_at
        # still pending: on a database without row locks another worker may have been first
        pending = Declaration.objects.filter(status=DeclarationStatus.PENDING)
        if pending.bulk_update(batch, _SUBMITTED_FIELDS) != len(batch):
            raise IllegalDeclarationTransition("A declaration changed meanwhile.")
        DeclarationStatusChange.objects.bulk_create(
            DeclarationStatusChange(
                declaration=declaration,
                from_status=DeclarationStatus.PENDING,
                to_status=DeclarationStatus.SUBMITTED,
                actor=SYSTEM,
                at=now,
            )
            for declaration in batch
        )
    return len(batch)


_ANSWERABLE = [DeclarationStatus.SUBMITTED, DeclarationStatus.HELD]
_CLEARED_FIELDS = ["status", "decided_at", "tax_minor", "tax_journal"]


def _remit_tax(declarations: list[Declaration]) -> Journal | None:
    """One journal for a batch's tax, with a transfer per declaration: each declaration's tax
    stays traceable, and the transfer's id refuses to remit the same declaration twice."""
    taxed = [d for d in declarations if d.order.tax_minor]
    if not taxed:
        return None
    accounts: dict[str, tuple[int, int]] = {}
    for currency in {d.order.currency for d in taxed}:
        accounts[currency] = (
            system_account(AccountKind.TAX_PAYABLE, currency).pk,
            system_account(AccountKind.BANK, currency).pk,
        )
    return journal_post(
        journal_id=f"customs_tax:{secrets.token_hex(10)}",
        kind="tax_remittance",
        reference=taxed[0].order.number if len(taxed) == 1 else f"{len(taxed)} declarations",
        transfers=[
            TransferSpec(
                f"customs_tax:{d.pk}",
                *accounts[d.order.currency],
                d.order.tax_minor,
                "tax_remitted",
            )
            for d in taxed
        ],
    )


def _clear(declarations: list[Declaration]) -> None:
    """Customs cleared these (rows locked by the caller): tax remitted, all marked in bulk."""
    journal, now = _remit_tax(declarations), clock.now()
    previous = {d.pk: d.status for d in declarations}
    for d in declarations:
        d.status, d.decided_at, d.tax_minor = DeclarationStatus.CLEARED, now, d.order.tax_minor
        d.tax_journal = journal if d.order.tax_minor else None
    answerable = Declaration.objects.filter(status__in=_ANSWERABLE, on_hold=False)
    if answerable.bulk_update(declarations, _CLEARED_FIELDS) != len(declarations):
        raise IllegalDeclarationTransition("A declaration changed meanwhile.")
    DeclarationStatusChange.objects.bulk_create(
        DeclarationStatusChange(
            declaration=d,
            from_status=previous[d.pk],
            to_status=DeclarationStatus.CLEARED,
            actor=SYSTEM,
            reason="cleared by customs",
            at=now,
        )
        for d in declarations
    )


def _reject(declaration: Declaration, verdict: Verdict) -> Declaration:
    refund_order(
        order=declaration.order,
        amount=None,
        reason="customs_rejected",
        request_id=f"customs:{declaration.pk}",
        actor=SYSTEM,
    )
    return declaration_set_status(
        declaration,
        DeclarationStatus.REJECTED,
        actor=SYSTEM,
        reason=verdict.reason,
        reason_code=verdict.reason_code,
        decided_at=clock.now(),
    )


def _not_decided(declaration: Declaration, verdict: Verdict) -> None:
    if verdict.status == "held" and declaration.status == DeclarationStatus.SUBMITTED:
        declaration_set_status(
            declaration, DeclarationStatus.HELD, actor=SYSTEM, reason=verdict.reason
        )
    Declaration.objects.filter(pk=declaration.pk).update(answer_due_at=verdict.answer_at)


def _ask(
    window: SingleWindowClient, d: Declaration, payers: dict[int, BuyerIdentity], now: datetime
) -> Verdict:
    assert d.submitted_at is not None  # the query excludes declarations not yet submitted
    buyer, payer = documents.identities(d.order, d.documents, payers)
    message = to_message(d.documents, buyer, payer)
    return window.status(message, reference=d.reference, submitted_at=d.submitted_at, now=now)


def declarations_answer(*, limit: int = 200) -> list[str]:
    """Ask customs about every declaration whose answer is due and act on the answers, in one
    transaction: the rows locked (skipping those another worker holds); the cleared ones
    remitted and marked together; a rejection refunds its order; the rest wait again."""
    with transaction.atomic():
        due = list(
            Declaration.objects.select_for_update(skip_locked=True)
            .select_related("order")
            .filter(on_hold=False, status__in=_ANSWERABLE, answer_due_at__lte=clock.now())
            .exclude(submitted_at=None)
            .order_by("answer_due_at", "pk")[:limit]
        )
        payers = documents.payer_rows(d.documents for d in due)
        window, now = single_window(), clock.now()
        verdicts = [_ask(window, d, payers, now) for d in due]
        cleared = [d for d, v in zip(due, verdicts, strict=True) if v.status == "cleared"]
        if cleared:
            _clear(cleared)
        for d, verdict in zip(due, verdicts, strict=True):
            if verdict.status == "rejected":
                _reject(d, verdict)
            elif verdict.status != "cleared":
                _not_decided(d, verdict)
    return [d.status for d in due]


def declaration_hold(declaration: Declaration, *, actor: str, reason: str) -> Declaration:
    """An operator pauses a declaration: nothing is sent or acted on until it is released."""
    return _set_hold(declaration, True, actor, reason or "held by an operator")


def declaration_release(declaration: Declaration, *, actor: str, reason: str = "") -> Declaration:
    return _set_hold(declaration, False, actor, reason or "released by an operator")


def _set_hold(declaration: Declaration, hold: bool, actor: str, reason: str) -> Declaration:
    decided = (DeclarationStatus.CLEARED, DeclarationStatus.REJECTED)
    with transaction.atomic():
        # Conditional update: customs may answer between the operator's click and this write.
        changed = (
            Declaration.objects.filter(pk=declaration.pk)
            .exclude(status__in=decided)
            .update(on_hold=hold)
        )
        if not changed:
            raise IllegalDeclarationTransition("A decided declaration cannot be held or released.")
        declaration.refresh_from_db(fields=["status"])
        DeclarationStatusChange.objects.create(
            declaration=declaration,
            from_status=declaration.status,
            to_status=declaration.status,
            actor=actor,
            reason=reason[:300],
            at=clock.now(),
        )
    declaration.refresh_from_db()
    return declaration


def declarations_run(*, limit: int = 200) -> dict[str, int]:
    """The job: open, submit, and ask about what is due. Safe to run in several workers."""
    opened = declarations_open(limit=limit)
    submitted = declarations_submit(limit=limit)
    answered = declarations_answer(limit=limit)
    return {
        "declarations_opened": opened,
        "declarations_submitted": submitted,
        "declarations_cleared": answered.count(DeclarationStatus.CLEARED),
        "declarations_rejected": answered.count(DeclarationStatus.REJECTED),
    }
