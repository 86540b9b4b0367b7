"""CBEC declarations: opened for every paid China order, submitted through the customs adapter,
answered asynchronously. Clearing remits the order's tax; a rejection refunds what is left of the
order (which gives back stock and quota); an order refunded in full before submission cancels its
declaration. One `declaration_set_status` records every change.

The job works in batches, and a row that raises never holds the batch back: it is left out (a
failed batch is retried row by row), its attempt recorded on it, and after `MAX_FAILED_ATTEMPTS`
in a row it is paused like an operator's hold, for an operator to look at and release.

Locks are taken in the order a refund takes them: the order's payment row (FOR UPDATE OF that
row only; one a refund holds is skipped, its declaration left for the next run), then the
ledger accounts in one id-ordered round, then the order. No row is locked while customs is
called over the network when answers are fetched."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import datetime, timedelta

from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F

from tradelane.clearance import documents
from tradelane.clearance.errors import IllegalDeclarationTransition
from tradelane.core import clock
from tradelane.customs.models import (
    BuyerIdentity,
    Declaration,
    DeclarationStatus,
    DeclarationStatusChange,
)
from tradelane.customs.partners.registry import SingleWindowClient, single_window
from tradelane.customs.partners.single_window.mapper import Receipt, Verdict, to_message
from tradelane.orders.models import Order, OrderStatus
from tradelane.payments.models import AccountKind, Journal, OrderPayment
from tradelane.payments.services.accounts import system_account
from tradelane.payments.services.ledger import TransferSpec, accounts_lock, journal_post
from tradelane.payments.services.refunds import refund_accounts, refund_order

logger = logging.getLogger(__name__)

TRANSITIONS = {
    DeclarationStatus.PENDING: {DeclarationStatus.SUBMITTED, DeclarationStatus.CANCELLED},
    DeclarationStatus.SUBMITTED: {
        DeclarationStatus.HELD,
        DeclarationStatus.CLEARED,
        DeclarationStatus.REJECTED,
    },
    DeclarationStatus.HELD: {DeclarationStatus.CLEARED, DeclarationStatus.REJECTED},
    DeclarationStatus.CLEARED: set(),
    DeclarationStatus.REJECTED: set(),
    DeclarationStatus.CANCELLED: set(),
}
DECIDED = (DeclarationStatus.CLEARED, DeclarationStatus.REJECTED, DeclarationStatus.CANCELLED)
DECLARABLE = (OrderStatus.PAID, OrderStatus.IN_FULFILMENT)
SYSTEM = "system:customs"
MAX_FAILED_ATTEMPTS = 3  # in a row, then the declaration is paused for an operator
CANCELLED_REASON = "the order was refunded in full before submission: nothing to declare"
# The database or the connection failing is no fault of a row: the step fails and runs again.
_TRANSIENT = (OperationalError, InterfaceError)
# ...except an OperationalError one row's locks can cause: a lock timeout, a statement timeout
# (or cancel), a deadlock. A batch failing so is retried row by row, where the row that still
# fails alone is counted, so a row a stuck session holds cannot stop the step on every run.
_LOCK_SQLSTATES = frozenset({"55P03", "57014", "40P01"})
# Rows failing on a lock in one row-by-row pass before the rest are left for the next run
# (each may have waited the whole lock timeout).
MAX_LOCK_FAILURES = 3
# How long a worker's claim on the declarations it is asking customs about lasts.
ASK_CLAIM = timedelta(minutes=2)


def declaration_set_status(
    declaration: Declaration, to_status: str, *, actor: str, reason: str = "", **fields: object
) -> Declaration:
    """The one way a declaration's status changes: a conditional UPDATE from the status it had."""
    if to_status not in TRANSITIONS[DeclarationStatus(declaration.status)]:
        raise IllegalDeclarationTransition(
            f"A declaration that is {declaration.status} cannot become {to_status}."
        )
    now = clock.now()
    if to_status in (
        DeclarationStatus.HELD,
        DeclarationStatus.REJECTED,
        DeclarationStatus.CANCELLED,
    ):
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


# -- Failures: a row that raises is left out of its batch and recorded on itself -------------

Failures = dict[str, Exception]
# A batch: (only these pks or None for "the next batch", failures, the pks it took) -> done
Batch = Callable[[list[str] | None, Failures, list[str]], list[Declaration]]


def describe_failure(exc: BaseException) -> str:
    """A failure as recorded for operators (a declaration's or a job step's `last_error`)."""
    return f"{type(exc).__name__}: {exc}"[:300]


def _lock_failure(exc: BaseException) -> bool:
    cause = exc.__cause__
    code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    return isinstance(exc, OperationalError) and code in _LOCK_SQLSTATES


def _steps_failure(exc: BaseException) -> bool:
    """The database or the connection failed, through no fault of a row."""
    return isinstance(exc, _TRANSIENT) and not _lock_failure(exc)


@contextmanager
def _row_savepoint() -> Iterator[None]:
    """One row's work: a database error inside undoes only this row's work and leaves the
    batch's transaction usable (without a savepoint PostgreSQL refuses every later statement)."""
    with transaction.atomic() if connection.in_atomic_block else nullcontext():
        yield


def _isolated(step: str, batch: Batch) -> list[Declaration]:
    """Run `batch` in one transaction. A row whose own work raises is left out by the batch
    itself; if the batch fails as a whole (a shared write, a bulk read, a lock wait), its rows
    are retried one by one, each in its own transaction, so only the row that fails alone is
    set aside. Database and connection errors are no row's fault: they fail the step and
    nothing is counted against the rows."""
    failures: Failures = {}
    taken: list[str] = []
    try:
        with transaction.atomic():
            return batch(None, failures, taken)
    except Exception as exc:
        if _steps_failure(exc):
            raise
        logger.exception(
            "declarations %s: a batch of %d failed; retrying its rows one by one", step, len(taken)
        )
        failures.clear()
        return _row_by_row(batch, taken, failures)
    finally:
        if failures:
            _record_failures(step, failures)


def _row_by_row(batch: Batch, taken: list[str], failures: Failures) -> list[Declaration]:
    """Each row alone. A row that fails on a lock is counted only if another row got through:
    when none did, the lock is more likely a shared one (the tax account) held by a stuck
    session, and the step fails without counting it against rows that would all be paused."""
    done: list[Declaration] = []
    locked_out: Failures = {}
    got_through = False
    for pk in taken:
        try:
            with transaction.atomic():
                done += batch([pk], failures, [])
        except Exception as exc:
            if _lock_failure(exc):
                locked_out[pk] = exc
                if len(locked_out) >= MAX_LOCK_FAILURES:
                    break  # the rows not tried yet wait for the next run
                continue
            if _steps_failure(exc):
                raise
            failures[pk] = exc
        got_through = True
    if locked_out and not got_through:
        raise next(iter(locked_out.values()))
    failures.update(locked_out)
    return done


def _record_failures(step: str, failures: Failures) -> None:
    """Count each failure on its row; a row failing `MAX_FAILED_ATTEMPTS` times in a row is
    paused (`on_hold`, with a history entry) so the job stops trying until an operator
    releases it. Logged at ERROR, which is what alerts the operators."""
    now = clock.now()
    for pk, exc in failures.items():
        error = describe_failure(exc)
        try:
            with transaction.atomic():
                Declaration.objects.filter(pk=pk).update(
                    failed_attempts=F("failed_attempts") + 1, last_error=error, last_failed_at=now
                )
                paused = Declaration.objects.filter(
                    pk=pk, failed_attempts__gte=MAX_FAILED_ATTEMPTS, on_hold=False
                ).update(on_hold=True)
                if paused:
                    status = Declaration.objects.values_list("status", flat=True).get(pk=pk)
                    DeclarationStatusChange.objects.create(
                        declaration_id=pk,
                        from_status=status,
                        to_status=status,
                        actor=SYSTEM,
                        reason=f"paused after {MAX_FAILED_ATTEMPTS} failed attempts: {error}"[:300],
                        at=now,
                    )
        except Exception:
            logger.exception("declarations %s: could not record the failure of %s", step, pk)
            paused = 0
        logger.error(
            "declarations %s: declaration %s failed%s: %s",
            step,
            pk,
            "; paused for an operator to release" if paused else ", will retry",
            error,
            exc_info=exc,
        )


# -- Submitting ----------------------------------------------------------------------------

_SUBMITTED_FIELDS = [
    "documents",
    "status",
    "reference",
    "submitted_at",
    "answer_due_at",
    "failed_attempts",
    "last_error",
]
_CANCELLED_FIELDS = ["status", "reason", "decided_at", "failed_attempts", "last_error"]


def _cancel(declarations: list[Declaration], now: datetime) -> None:
    """The orders were refunded in full before submission: nothing is declared."""
    for d in declarations:
        d.status, d.reason, d.decided_at = DeclarationStatus.CANCELLED, CANCELLED_REASON, now
        d.failed_attempts, d.last_error = 0, ""
    _move_pending(
        declarations, DeclarationStatus.CANCELLED, _CANCELLED_FIELDS, now, CANCELLED_REASON
    )


def _move_pending(
    declarations: list[Declaration],
    to_status: str,
    fields: list[str],
    now: datetime,
    reason: str = "",
) -> None:
    """Write the batch's new status, only where it is still pending (on a database without row
    locks another worker may have been first), with a history row each."""
    pending = Declaration.objects.filter(status=DeclarationStatus.PENDING)
    if pending.bulk_update(declarations, fields) != len(declarations):
        raise IllegalDeclarationTransition("A declaration changed meanwhile.")
    DeclarationStatusChange.objects.bulk_create(
        DeclarationStatusChange(
            declaration=d,
            from_status=DeclarationStatus.PENDING,
            to_status=to_status,
            actor=SYSTEM,
            reason=reason,
            at=now,
        )
        for d in declarations
    )


def _submit_batch(limit: int) -> Batch:
    # Receipts outlive a failed batch: a message customs already has is not sent again when
    # the batch's rows are retried one by one.
    receipts: dict[str, Receipt] = {}

    def submit(only: list[str] | None, failures: Failures, taken: list[str]) -> list[Declaration]:
        rows = Declaration.objects.select_for_update(skip_locked=True).filter(
            status=DeclarationStatus.PENDING, on_hold=False
        )
        if only is not None:
            rows = rows.filter(pk__in=only)
        batch = list(rows.order_by("created_at", "pk")[:limit])
        taken.extend(d.pk for d in batch)
        if not batch:
            return []
        # The orders' payment rows first, as a refund locks them: a refund either committed
        # before (its order reads refunded below) or waits for this submission to commit. An
        # order a refund holds now is left for the next run.
        _parts, busy = _lock_payments(d.order_id for d in batch)
        batch = [d for d in batch if d.order_id not in busy]
        orders = Order.objects.select_related("merchant").in_bulk([d.order_id for d in batch])
        now = clock.now()
        # Refunded in full since the declaration was opened: nothing was paid, nothing to declare.
        cancelled = [d for d in batch if orders[d.order_id].status == OrderStatus.REFUNDED]
        if cancelled:
            _cancel(cancelled, now)
        batch = [d for d in batch if orders[d.order_id].status != OrderStatus.REFUNDED]
        found = documents.documents_for_orders([orders[d.order_id] for d in batch])
        payers = documents.payer_rows(found.values())
        window, sent = single_window(), []
        for declaration in batch:
            try:
                with _row_savepoint():
                    declaration.documents = found[declaration.order_id]
                    if declaration.pk not in receipts:
                        buyer, payer = documents.identities(
                            orders[declaration.order_id], declaration.documents, payers
                        )
                        message = to_message(declaration.documents, buyer, payer)
                        receipts[declaration.pk] = window.submit(message, now=now)
            except _TRANSIENT:
                raise
            except Exception as exc:  # this row's own fault: left out, recorded by the caller
                failures[declaration.pk] = exc
                continue
            receipt = receipts[declaration.pk]
            declaration.status = DeclarationStatus.SUBMITTED
            declaration.reference = receipt.reference
            declaration.submitted_at, declaration.answer_due_at = now, receipt.answer_at
            declaration.failed_attempts, declaration.last_error = 0, ""
            sent.append(declaration)
        if sent:
            _move_pending(sent, DeclarationStatus.SUBMITTED, _SUBMITTED_FIELDS, now)
        return cancelled + sent

    return submit


def declarations_submit(*, limit: int = 200) -> dict[str, int]:
    """Submit up to `limit` pending declarations in one transaction: the rows locked (skipping
    rows another worker holds, so workers split the queue), then their orders' payment rows
    (skipping those a refund holds), every order's documents read in a few queries, each
    message sent, then the rows and their status changes written in bulk.
    Per declaration this costs a fraction of a query; one at a time it cost about twelve.
    A declaration whose order was refunded in full meanwhile is cancelled, not sent."""
    done = _isolated("submit", _submit_batch(limit))
    statuses = [d.status for d in done]
    return {
        "declarations_submitted": statuses.count(DeclarationStatus.SUBMITTED),
        "declarations_cancelled": statuses.count(DeclarationStatus.CANCELLED),
    }


# -- Answering -----------------------------------------------------------------------------

_ANSWERABLE = [DeclarationStatus.SUBMITTED, DeclarationStatus.HELD]
_CLEARED_FIELDS = [
    "status",
    "decided_at",
    "tax_minor",
    "tax_journal",
    "failed_attempts",
    "last_error",
]


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


def _lock_payments(order_ids: Iterable[int]) -> tuple[dict[int, OrderPayment], set[int]]:
    """Lock these orders' payment rows, and only them (FOR UPDATE OF: the joined payment and
    wallet rows stay free for a till charge to point a row at), skipping those another
    transaction holds (a refund in progress). Returns the rows locked and the orders skipped."""
    wanted = set(order_ids)
    if not wanted:
        return {}, set()
    parts = {
        part.order_id: part
        for part in OrderPayment.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("payment__wallet")
        .filter(order_id__in=wanted)
        .order_by("pk")
    }
    missing = wanted - set(parts)
    busy = (
        set(OrderPayment.objects.filter(order_id__in=missing).values_list("order_id", flat=True))
        if missing
        else set()
    )
    return parts, busy


def _refunded_in_full(declaration: Declaration, parts: dict[int, OrderPayment]) -> bool:
    """Read from the payment row locked in this transaction, so no refund can slip in after."""
    part = parts.get(declaration.order_id)
    return part is not None and part.refunded_minor >= declaration.order.total_minor


def _lock_ledger(
    taxed: list[Declaration], rejected: list[Declaration], parts: dict[int, OrderPayment]
) -> None:
    """Lock, before any journal of the batch is posted, every ledger account its journals will
    touch (the tax remitted, the rejections' refunds), in one round in id order, after the
    payment rows (`_lock_payments`), as `refund_order` does. Each journal also locks its own
    accounts in id order, but two journals in one transaction lock in two rounds: the tax
    journal's accounts, then a refund's, some with lower ids, which another transaction
    locking in id order may hold while it waits for the tax account: a deadlock. One round
    cannot form that cycle. These accounts are shared and held briefly, so they are waited
    for (up to the lock timeout), not skipped."""
    ids: set[int] = set()
    for currency in {d.order.currency for d in taxed if d.order.tax_minor}:
        ids |= {
            system_account(AccountKind.TAX_PAYABLE, currency).pk,
            system_account(AccountKind.BANK, currency).pk,
        }
    for d in rejected:
        part = parts.get(d.order_id)
        if part is not None and d.order.total_minor > part.refunded_minor:
            ids |= refund_accounts(part, d.order)
    if ids:
        accounts_lock(ids)


def _clear(declarations: list[Declaration], untaxed: set[str]) -> None:
    """Customs cleared these (rows locked by the caller): tax remitted, all marked in bulk.
    An order refunded in full since submission (`untaxed`) had its tax given back to the
    buyer: none is remitted for it."""
    journal = _remit_tax([d for d in declarations if d.pk not in untaxed])
    now = clock.now()
    previous = {d.pk: d.status for d in declarations}
    for d in declarations:
        tax = 0 if d.pk in untaxed else d.order.tax_minor
        d.status, d.decided_at, d.tax_minor = DeclarationStatus.CLEARED, now, tax
        d.tax_journal = journal if tax else None
        d.failed_attempts, d.last_error = 0, ""
    answerable = Declaration.objects.filter(status__in=_ANSWERABLE, on_hold=False)
    if answerable.bulk_update(declarations, _CLEARED_FIELDS) != len(declarations):
        raise IllegalDeclarationTransition("A declaration changed meanwhile.")
    DeclarationStatusChange.objects.bulk_create(
        DeclarationStatusChange(
            declaration=d,
            from_status=previous[d.pk],
            to_status=DeclarationStatus.CLEARED,
            actor=SYSTEM,
            reason=(
                "cleared by customs; no tax remitted: the order was refunded in full"
                if d.pk in untaxed
                else "cleared by customs"
            ),
            at=now,
        )
        for d in declarations
    )


def _reject(declaration: Declaration, verdict: Verdict, part: OrderPayment | None) -> Declaration:
    """Customs refused: whatever of the order is still paid goes back to the buyer. An order
    the merchant already refunded in full since submission has nothing left: the rejection
    is recorded, and no refund is attempted that could only fail."""
    order = declaration.order
    if part is None or order.total_minor > part.refunded_minor:
        refund_order(
            order=order,
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
        failed_attempts=0,
        last_error="",
    )


def _not_decided(declaration: Declaration, verdict: Verdict) -> None:
    if verdict.status == "held" and declaration.status == DeclarationStatus.SUBMITTED:
        declaration_set_status(
            declaration, DeclarationStatus.HELD, actor=SYSTEM, reason=verdict.reason
        )
    Declaration.objects.filter(pk=declaration.pk).update(
        answer_due_at=verdict.answer_at, failed_attempts=0, last_error=""
    )


def _ask(
    window: SingleWindowClient, d: Declaration, payers: dict[int, BuyerIdentity], now: datetime
) -> Verdict:
    assert d.submitted_at is not None  # the query excludes declarations not yet submitted
    buyer, payer = documents.identities(d.order, d.documents, payers)
    message = to_message(d.documents, buyer, payer)
    return window.status(message, reference=d.reference, submitted_at=d.submitted_at, now=now)


def _ask_due(limit: int) -> tuple[dict[str, Verdict], Failures, datetime]:
    """Customs' answer for each declaration due, asked with no row locked: a row a refund or
    another worker wants is not held for the length of up to `limit` network calls. The rows
    are claimed first in a moment's transaction (skipping those another worker is claiming):
    their next ask is put off by `ASK_CLAIM`, so another worker takes the next ones instead;
    a worker that dies meanwhile leaves its rows to be asked again after the claim. Returns
    the answers, the rows that could not be asked, and the claim's end."""
    claimed_at = clock.now()
    with transaction.atomic():
        due = list(
            Declaration.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("order")
            .filter(on_hold=False, status__in=_ANSWERABLE, answer_due_at__lte=clock.now())
            .exclude(submitted_at=None)
            .order_by("answer_due_at", "pk")[:limit]
        )
        if due:
            Declaration.objects.filter(pk__in=[d.pk for d in due]).update(
                answer_due_at=claimed_at + ASK_CLAIM
            )
    payers = documents.payer_rows(d.documents for d in due)
    window, now = single_window(), clock.now()
    verdicts: dict[str, Verdict] = {}
    failures: Failures = {}
    for d in due:
        try:
            with _row_savepoint():
                verdicts[d.pk] = _ask(window, d, payers, now)
        except _TRANSIENT:
            raise
        except Exception as exc:  # this row's own fault: left out and recorded
            failures[d.pk] = exc
    return verdicts, failures, claimed_at + ASK_CLAIM


def _unclaim(pks: list[str], claimed_until: datetime) -> None:
    """The claimed rows this run did not decide or give a new due time are due again now."""
    try:
        Declaration.objects.filter(
            pk__in=pks, status__in=_ANSWERABLE, answer_due_at=claimed_until
        ).update(answer_due_at=claimed_until - ASK_CLAIM)
    except Exception:
        logger.exception("declarations answer: could not give back the claim on %d rows", len(pks))


def _answer_batch(verdicts: dict[str, Verdict]) -> Batch:
    """Apply the answers: the rows locked again (skipping those another worker holds, and any
    decided or put on hold since they were asked about), then the payment rows of the cleared
    and rejected orders (an order a refund holds waits for the next run), then the ledger."""

    def answer(only: list[str] | None, failures: Failures, taken: list[str]) -> list[Declaration]:
        rows = (
            Declaration.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("order")
            .filter(pk__in=list(verdicts) if only is None else only)
            .filter(on_hold=False, status__in=_ANSWERABLE)
        )
        locked = list(rows.order_by("answer_due_at", "pk"))
        taken.extend(d.pk for d in locked)
        deciding = [d for d in locked if verdicts[d.pk].status in ("cleared", "rejected")]
        parts, busy = _lock_payments(d.order_id for d in deciding)
        deferred = {d.pk for d in deciding if d.order_id in busy}  # a refund is at work on it
        locked = [d for d in locked if d.pk not in deferred]
        cleared = [d for d in locked if verdicts[d.pk].status == "cleared"]
        rejected = [d for d in locked if verdicts[d.pk].status == "rejected"]
        untaxed = {d.pk for d in cleared if _refunded_in_full(d, parts)}
        _lock_ledger([d for d in cleared if d.pk not in untaxed], rejected, parts)
        if cleared:
            _clear(cleared, untaxed)
        done = list(cleared)
        for d in locked:
            verdict = verdicts[d.pk]
            if verdict.status == "cleared":
                continue
            try:
                with transaction.atomic():  # a savepoint: a row that raises undoes only itself
                    if verdict.status == "rejected":
                        _reject(d, verdict, parts.get(d.order_id))
                    else:
                        _not_decided(d, verdict)
            except _TRANSIENT:
                raise
            except Exception as exc:
                failures[d.pk] = exc
                continue
            done.append(d)
        return done

    return answer


def declarations_answer(*, limit: int = 200) -> dict[str, int]:
    """Ask customs about every declaration whose answer is due, then act on the answers in one
    transaction: the cleared ones remitted and marked together; a rejection refunds what is
    left of its order; the rest wait again."""
    verdicts, failures, claimed_until = _ask_due(limit)
    try:
        if failures:
            _record_failures("answer", failures)
        done = _isolated("answer", _answer_batch(verdicts)) if verdicts else []
    finally:
        _unclaim([*verdicts, *failures], claimed_until)
    statuses = [d.status for d in done]
    return {
        "declarations_cleared": statuses.count(DeclarationStatus.CLEARED),
        "declarations_rejected": statuses.count(DeclarationStatus.REJECTED),
    }


def declaration_hold(declaration: Declaration, *, actor: str, reason: str) -> Declaration:
    """An operator pauses a declaration: nothing is sent or acted on until it is released."""
    return _set_hold(declaration, True, actor, reason or "held by an operator")


def declaration_release(declaration: Declaration, *, actor: str, reason: str = "") -> Declaration:
    return _set_hold(declaration, False, actor, reason or "released by an operator")


def _set_hold(declaration: Declaration, hold: bool, actor: str, reason: str) -> Declaration:
    # a release gives a declaration the job had paused a fresh run of attempts
    fresh = {} if hold else {"failed_attempts": 0, "last_error": ""}
    with transaction.atomic():
        # Conditional update: customs may answer between the operator's click and this write.
        changed = (
            Declaration.objects.filter(pk=declaration.pk)
            .exclude(status__in=DECIDED)
            .update(on_hold=hold, **fresh)
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
    """The job: open, submit, and ask about what is due. Safe to run in several workers.
    (`ops.jobs` runs the three as separate steps, so one failing does not stop the others.)"""
    return {
        "declarations_opened": declarations_open(limit=limit),
        **declarations_submit(limit=limit),
        **declarations_answer(limit=limit),
    }
