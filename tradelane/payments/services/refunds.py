"""Refunding an order, in full or in part, back to the wallet or the card that paid it.

Idempotent by the caller's request id in the actor's key space (`merchant:<id>`,
`operator:<id>`, `system:customs`): the record is written first, so a concurrent repeat waits
and replays the first answer; the same key with another order, amount (or none) or reason is a
409 that changes nothing."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db.models import F, Sum
from django.utils.translation import gettext as _

from tradelane.core import clock
from tradelane.core.errors import RuleViolation, ValidationFailed
from tradelane.core.idempotency import legacy_result, request_fingerprint, run_idempotent
from tradelane.core.money import Money
from tradelane.inventory.services import reservations_return
from tradelane.orders.models import Order, OrderStatus
from tradelane.orders.services import order_set_status
from tradelane.payments import events, payment_rules
from tradelane.payments.answers import refund_out
from tradelane.payments.cards.services import card_refund_send
from tradelane.payments.errors import LedgerRefused
from tradelane.payments.models import (
    AccountKind,
    CardRefund,
    OrderPayment,
    Payment,
    PaymentMethod,
    Refund,
    RefundReason,
    Transfer,
)
from tradelane.payments.services.accounts import (
    customs_tax_receivable,
    merchant_payable,
    payer_account_id,
    system_account,
)
from tradelane.payments.services.ledger import TransferSpec, journal_post

NOT_SHIPPED = (OrderStatus.PAID, OrderStatus.IN_FULFILMENT)
# Orders customs declares and remits tax for when it clears them (`clearance.services.declarations`).
DECLARED_MARKET = "CN"
TAX_CLAIM_CODE = "customs_tax_claim"


class RefundExceedsPaid(RuleViolation):
    default_code = "refund_exceeds_paid"


class OrderNotPaid(RuleViolation):
    default_code = "order_not_paid"


def _legs(
    refund_id: str,
    part: OrderPayment,
    order: Order,
    split: payment_rules.RefundSplit,
    tax_claim: int = 0,
) -> list[TransferSpec]:
    legs = _payer_legs(refund_id, part, order, split, tax_claim)
    if part.payment.method == PaymentMethod.CARD:
        # last: card clearing, protected like a wallet, passes on what the legs above gave it
        legs.append(
            TransferSpec(
                f"{refund_id}:card",
                payer_account_id(part.payment),
                system_account(AccountKind.CARD_ACQUIRER, order.currency).pk,
                split.tax + split.shipping + split.goods,
                "refund_card",
            )
        )
    return legs


def _payer_legs(
    refund_id: str,
    part: OrderPayment,
    order: Order,
    split: payment_rules.RefundSplit,
    tax_claim: int,
) -> list[TransferSpec]:
    """`tax_claim` of the refund's tax was already paid to customs: it is claimed back from
    customs (the receivable, settled by `clearance.services.tax_claims`), the rest comes from tax payable."""
    pay, settle = order.currency, part.settlement_currency
    wallet = payer_account_id(part.payment)
    payable = merchant_payable(order.merchant_id, settle).pk
    claim_legs = (
        [
            TransferSpec(
                f"{refund_id}:tax_claim",
                customs_tax_receivable(pay).pk,
                wallet,
                tax_claim,
                TAX_CLAIM_CODE,
            )
        ]
        if order.market_id == DECLARED_MARKET
        else []
    )
    legs = [
        TransferSpec(
            f"{refund_id}:tax",
            system_account(AccountKind.TAX_PAYABLE, pay).pk,
            wallet,
            split.tax - tax_claim,
            "refund_tax",
        ),
        *claim_legs,
        TransferSpec(
            f"{refund_id}:ship",
            system_account(AccountKind.LOGISTICS_PAYABLE, pay).pk,
            wallet,
            split.shipping,
            "refund_shipping",
        ),
        TransferSpec(
            f"{refund_id}:fee",
            system_account(AccountKind.COMMISSION_REVENUE, settle).pk,
            payable,
            split.commission,
            "refund_commission",
        ),
    ]
    if pay == settle:
        return [
            *legs,
            TransferSpec(f"{refund_id}:goods", payable, wallet, split.goods, "refund_goods"),
        ]
    liquidity_settle = system_account(AccountKind.LIQUIDITY, settle).pk
    return [
        *legs,
        TransferSpec(
            f"{refund_id}:merchant",
            payable,
            liquidity_settle,
            split.merchant_goods,
            "refund_fx_goods",
        ),
        TransferSpec(
            f"{refund_id}:spread",
            system_account(AccountKind.FX_REVENUE, settle).pk,
            liquidity_settle,
            split.fx_spread,
            "refund_fx_spread",
        ),
        TransferSpec(
            f"{refund_id}:goods",
            system_account(AccountKind.LIQUIDITY, pay).pk,
            wallet,
            split.goods,
            "refund_goods",
        ),
    ]


def refund_accounts(part: OrderPayment, order: Order) -> set[int]:
    """Every ledger account a refund of this order can post to (the legs of `_legs`), for a
    caller that must lock them, with its other accounts, before refunding."""
    nothing = payment_rules.RefundSplit(0, 0, 0, 0, 0, 0)
    return {a for leg in _legs("", part, order, nothing) for a in (leg.debit, leg.credit)}


def _tax_claimable(order: Order) -> tuple[int, int]:
    """(tax customs took for this order, tax earlier refunds claimed back), both derived:
    the first is what the order's declaration remitted when it cleared (its `tax_minor`, the
    transfer `customs_tax:<declaration>`; 0 before clearance or when nothing was remitted),
    the second the claim legs of the order's refunds. Read under the order's payment row lock,
    which the clearing also holds, so neither can change meanwhile."""
    if order.market_id != DECLARED_MARKET:
        return 0, 0
    # through the relation, not an import: customs sits below payments and imports it
    remitted = (
        Order.objects.filter(pk=order.pk, declaration__status="cleared")
        .values_list("declaration__tax_minor", flat=True)
        .first()
    )
    if not remitted:
        return 0, 0
    claimed = Transfer.objects.filter(
        code=TAX_CLAIM_CODE,
        journal_id__in=Refund.objects.filter(order=order).values("journal_id"),
    ).aggregate(total=Sum("amount"))["total"]
    return remitted, int(claimed or 0)


def refund_order(
    *,
    order: Order,
    amount: Money | None,
    reason: str,
    request_id: str,
    actor: str,
    scope: str | None = None,
) -> Refund:
    """Refund `amount` (None: everything not yet refunded). Tax, shipping, goods, commission and
    FX spread go back in proportion; the total never exceeds what was paid."""
    _status, body = refund_order_answer(
        order=order, amount=amount, reason=reason, request_id=request_id, actor=actor, scope=scope
    )
    return Refund.objects.select_related("order").get(pk=body["id"])


def refund_order_answer(
    *,
    order: Order,
    amount: Money | None,
    reason: str,
    request_id: str,
    actor: str,
    scope: str | None = None,
) -> tuple[int, Any]:
    """`refund_order`'s answer (201 and the refund), the same for every repeat of the request.
    The key is the actor's own unless `scope` names another key space: a key the system derives
    (a claim's) goes in a `system:` scope, so whoever asks gets the one refund."""
    if reason not in RefundReason.values:
        raise ValidationFailed(_("Unknown refund reason."), fields={"reason": RefundReason.values})
    if amount is not None and (amount.currency != order.currency or amount.minor <= 0):
        raise ValidationFailed(
            _("Refund a positive amount in %(c)s.") % {"c": order.currency}, fields={"amount": []}
        )
    request = {
        "order": order.number,
        "amount": amount.minor if amount else None,  # None (the rest) is a request of its own
        "currency": amount.currency if amount else None,
        "reason": reason,
    }
    return run_idempotent(
        scope=scope or actor,
        key=request_id,
        fingerprint=request_fingerprint("refund_order", request),
        action=lambda: (
            201,
            refund_out(
                _legacy_refund(order, amount, reason, request_id)
                or _refund(order, amount, reason, actor)
            ),
        ),
    )


def _legacy_refund(
    order: Order, amount: Money | None, reason: str, request_id: str
) -> Refund | None:
    """A refund made under this request id before idempotency records existed: its id was
    derived from the order and the request id, and a retry after the deploy gets it (the same
    amount, or none, and reason) or a 409, never a second refund."""
    legacy_id = "re_" + hashlib.sha256(f"{order.pk}:{request_id}".encode()).hexdigest()[:24]
    return legacy_result(
        Refund.objects.select_related("order").filter(pk=legacy_id).first(),
        same_request=lambda r: (
            (amount is None or r.amount_minor == amount.minor) and r.reason == reason
        ),
    )


def _refund(order: Order, amount: Money | None, reason: str, actor: str) -> Refund:
    """Inside the idempotency record's transaction."""
    refund_id = "re_" + secrets.token_hex(12)
    # only this order's payment row is locked: the joined payment and wallet rows stay free
    # (a wallet row locked here waits on a till charge's ledger lock while that charge
    # waits on the wallet row to insert its payment: a deadlock)
    part = (
        OrderPayment.objects.select_for_update(of=("self",))
        .select_related("payment__wallet")
        .filter(order=order)
        .first()
    )
    if part is None:
        raise OrderNotPaid(_("This order has not been paid, so there is nothing to refund."))
    remaining = order.total_minor - part.refunded_minor
    value = remaining if amount is None else amount.minor
    if value <= 0 or value > remaining:
        raise RefundExceedsPaid(
            _("At most %(left)s can still be refunded.")
            % {"left": Money.from_minor(remaining, order.currency)},
            extra={"refundable_minor": remaining},
        )
    split = payment_rules.refund_split(
        order_total=order.total_minor,
        tax=order.tax_minor,
        shipping=order.shipping_minor,
        goods_settlement=part.goods_settlement_minor,
        commission=part.commission_minor,
        fx_spread=part.fx_spread_minor,
        refunded_before=part.refunded_minor,
        amount=value,
    )
    remitted, claimed = _tax_claimable(order)
    tax_claim = payment_rules.customs_tax_claim(
        refund_tax=split.tax, remitted=remitted, claimed_before=claimed
    )
    legs = _legs(refund_id, part, order, split, tax_claim)
    try:
        journal = journal_post(
            journal_id=f"refund:{refund_id}",
            kind="refund",
            reference=order.number,
            transfers=[leg for leg in legs if leg.amount],
        )
    except LedgerRefused as refused:  # its message names ledger accounts, wallets among them
        raise RuleViolation(
            _("The refund could not be posted; nothing was refunded."), code=refused.code
        ) from refused
    OrderPayment.objects.filter(pk=part.pk).update(refunded_minor=F("refunded_minor") + value)
    refunded = Payment.objects.filter(
        pk=part.payment_id, refunded_minor__lte=F("amount_minor") - value
    ).update(refunded_minor=F("refunded_minor") + value)
    if not refunded:
        raise RefundExceedsPaid(_("The payment has no more to refund."))
    refund = Refund.objects.create(
        id=refund_id,
        payment_id=part.payment_id,
        order=order,
        amount_minor=value,
        currency=order.currency,
        reason=reason,
        journal=journal,
        actor=actor,
        created_at=clock.now(),
    )
    if part.payment.method == PaymentMethod.CARD:
        intent, reference = card_refund_send(
            payment=part.payment, refund_id=refund_id, amount_minor=value
        )
        CardRefund.objects.create(
            refund=refund,
            intent=intent,
            amount_minor=value,
            currency=order.currency,
            acquirer_reference=reference,
            created_at=refund.created_at,
        )
    events.refund_created(refund, order.merchant_id, order.number)
    if value == remaining:
        _close_refunded_order(order, actor, reason)
    return refund


def _close_refunded_order(order: Order, actor: str, reason: str) -> None:
    current = Order.objects.get(pk=order.pk)
    if current.status in NOT_SHIPPED:
        reservations_return(reference=order.number)
    if current.status != OrderStatus.REFUNDED:
        order_set_status(
            order_id=order.pk,
            to_status=OrderStatus.REFUNDED,
            actor=actor,
            reason=f"refunded: {reason}",
        )
