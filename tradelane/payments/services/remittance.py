"""Money that leaves for others, per period: import tax (AU/NZ/SG/MY GST and sales tax) to its
authority, and logistics partners for the legs they delivered. Mirrors the settlement run.

A run records the remittance (`sending`) and claims what it covers in one transaction: the
ledger transfers of the return, or the legs paid, each a row keyed by the transfer or the leg,
so nothing is counted twice, whichever run or period claims it. The bank is called after that
commit with the remittance's id as its reference; its answer is posted in a second transaction
(tax payable or logistics payable -> bank). A run that died between the two finishes the
recorded remittance first. What is not yet claimed when a period closes, a refund posted after
it, a leg scanned late, is carried into the next period's run.

CN CBEC tax is not remitted here: customs remits it per declaration when it clears.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from tradelane.core import clock
from tradelane.core.errors import RuleViolation, ValidationFailed
from tradelane.core.money import minor_units
from tradelane.logistics.models import LogisticsPartner, ShipmentLeg
from tradelane.logistics.selectors import legs_delivered
from tradelane.markets.selectors import fx_mid_rate
from tradelane.orders.models import Order
from tradelane.payments import remittance_rules as rules
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import (
    AccountKind,
    LedgerAccount,
    PartnerPayment,
    PartnerPaymentLeg,
    Refund,
    RemittanceRun,
    TaxRemittance,
    TaxRemittanceItem,
    Transfer,
    TransferKind,
)
from tradelane.payments.partners.bank.mapper import ChargeResult, PayoutRequest
from tradelane.payments.partners.registry import bank
from tradelane.payments.remittance_models import RemittanceStatus
from tradelane.payments.services.accounts import system_account
from tradelane.payments.services.ledger import TransferSpec, journal_post

logger = logging.getLogger(__name__)

SALE_CODE, REFUND_CODE = "import_tax", "refund_tax"


class RemittanceRefused(RuleViolation):
    default_code = "remittance_refused"


# -- Shared --------------------------------------------------------------------------------


def _period(label: str, kind: str) -> rules.Period:
    try:
        period = rules.parse_period(label)
    except rules.PeriodInvalid as exc:
        raise ValidationFailed(
            _("%(label)s is not a period: use YYYY-MM or YYYY-Qn.") % {"label": label},
            code="period_invalid",
            fields={"period": [str(exc)]},
        ) from exc
    if period.kind != kind:
        raise ValidationFailed(
            _("This is filed per %(kind)s, not per %(given)s.")
            % {"kind": kind, "given": period.kind},
            code="period_kind_mismatch",
            fields={"period": [label]},
        )
    return period


def _closed(period: rules.Period, end: datetime, now: datetime) -> None:
    if end > now:
        raise RemittanceRefused(
            _("The period %(label)s has not ended yet.") % {"label": period.label},
            code="period_open",
        )


def _bank_payout(reference: str, creditor: str, amount_minor: int, currency: str) -> ChargeResult:
    return bank().payout(
        PayoutRequest(
            reference=reference, creditor=creditor, amount_minor=amount_minor, currency=currency
        ),
        now=clock.now(),
    )


# -- Tax ---------------------------------------------------------------------------------------


def _authority(code: str) -> rules.Authority:
    found = rules.authorities().get(code)
    if found is None:
        raise ValidationFailed(
            _("No tax authority %(code)s.") % {"code": code},
            code="authority_unknown",
            fields={"authority": [code]},
        )
    return found


def _tax_items(account: LedgerAccount, start: datetime, end: datetime) -> list[rules.TaxItem]:
    """The account's tax collected and refunded before `end` that no return has counted yet."""
    rows = list(
        Transfer.objects.filter(kind=TransferKind.POSTED, created_at__lt=end)
        .filter(
            Q(credit_account=account, code=SALE_CODE) | Q(debit_account=account, code=REFUND_CODE)
        )
        .filter(tax_remittance_item__isnull=True)
        .values_list("id", "code", "amount", "created_at", "journal_id")
    )
    sale_numbers = {tid.rsplit(":", 2)[-2] for tid, code, *_ in rows if code == SALE_CODE}
    values = {
        number: goods + shipping
        for number, goods, shipping in Order.objects.filter(number__in=sale_numbers).values_list(
            "number", "goods_minor", "shipping_minor"
        )
    }
    refunds = {
        journal: (number, amount)
        for journal, number, amount in Refund.objects.filter(
            journal_id__in={j for _t, code, _a, _c, j in rows if code == REFUND_CODE}
        ).values_list("journal_id", "order__number", "amount_minor")
    }
    remitted_before = set(
        TaxRemittanceItem.objects.filter(
            kind=rules.SALE, order_number__in={n for n, _a in refunds.values()}
        ).values_list("order_number", flat=True)
    )
    items = []
    for tid, code, amount, at, journal in rows:
        if code == SALE_CODE:
            number = tid.rsplit(":", 2)[-2]
            items.append(
                rules.TaxItem(
                    tid, rules.SALE, number, amount, values.get(number, 0), at, at < start
                )
            )
        else:
            number, refunded = refunds.get(journal, ("", amount))
            items.append(
                rules.TaxItem(
                    tid,
                    rules.REFUND,
                    number,
                    amount,
                    refunded - amount,  # what the refund gave back besides the tax
                    at,
                    at < start or number in remitted_before,
                )
            )
    return items


def _tax_claim(
    authority: rules.Authority, period: rules.Period, start: datetime, end: datetime, actor: str
) -> tuple[TaxRemittance, bool]:
    remittance_id = f"tax:{authority.code}:{period.label}"
    account = system_account(AccountKind.TAX_PAYABLE, authority.currency)
    with transaction.atomic():
        try:
            with transaction.atomic():
                remittance = TaxRemittance.objects.create(
                    id=remittance_id,
                    authority=authority.code,
                    period=period.label,
                    currency=authority.currency,
                    period_start=start,
                    period_end=end,
                    status=RemittanceStatus.SENDING,
                    actor=actor,
                    created_at=clock.now(),
                    **dict.fromkeys(_RETURN_FIELDS, 0),
                )
        except IntegrityError:
            return TaxRemittance.objects.get(pk=remittance_id), False
        if TaxRemittance.objects.filter(authority=authority.code, period_start__gt=start).exists():
            raise RemittanceRefused(
                _("A later period of %(authority)s is already remitted.")
                % {"authority": authority.code},
                code="period_superseded",
            )
        credits = dict(
            TaxRemittance.objects.filter(
                authority=authority.code, credit_out_minor__gt=0, credit_used_by__isnull=True
            )
            .exclude(pk=remittance_id)
            .values_list("pk", "credit_out_minor")
        )
        taken = TaxRemittance.objects.filter(pk__in=credits, credit_used_by__isnull=True).update(
            credit_used_by=remittance
        )
        items = _tax_items(account, start, end)
        busy = taken != len(credits)  # another run took a credit meanwhile
        try:
            with transaction.atomic():
                TaxRemittanceItem.objects.bulk_create(
                    TaxRemittanceItem(
                        transfer_id=i.transfer_id,
                        remittance=remittance,
                        kind=i.kind,
                        order_number=i.order_number,
                        tax_minor=i.tax_minor,
                        value_minor=i.value_minor,
                        at=i.at,
                        earlier=i.earlier,
                    )
                    for i in items
                )
        except IntegrityError:
            busy = True  # another period's run counted some of them meanwhile
        if busy:
            raise RemittanceRefused(
                _("Another remittance of %(authority)s is running; try again.")
                % {"authority": authority.code},
                code="remittance_busy",
            )
        figures = rules.tax_return(items, credit_in_minor=sum(credits.values()))
        for name in _RETURN_FIELDS[:-1]:
            setattr(remittance, name, getattr(figures, name))
        remittance.amount_minor = figures.payable_minor
        remittance.status = (
            RemittanceStatus.SENDING if figures.payable_minor else RemittanceStatus.NIL
        )
        remittance.save()
    return remittance, True


_RETURN_FIELDS = (
    "supplies_count",
    "supplies_value_minor",
    "tax_collected_minor",
    "refunds_count",
    "refunds_value_minor",
    "refunds_tax_minor",
    "adjustments_count",
    "adjustments_tax_minor",
    "credit_in_minor",
    "net_minor",
    "credit_out_minor",
    "amount_minor",  # last: the payable, named as the remittance names it
)


def _tax_send(remittance: TaxRemittance) -> TaxRemittance:
    authority = _authority(remittance.authority)
    result = _bank_payout(
        remittance.pk, authority.creditor, remittance.amount_minor, remittance.currency
    )
    with transaction.atomic():
        remittance = TaxRemittance.objects.select_for_update().get(pk=remittance.pk)
        if remittance.status != RemittanceStatus.SENDING:
            return remittance  # another run finished it meanwhile
        if result.status == "approved":
            remittance.journal = journal_post(
                journal_id=f"remit:{remittance.pk}",
                kind="tax_remittance",
                reference=remittance.pk,
                transfers=[
                    TransferSpec(
                        f"{remittance.pk}:pay",
                        system_account(AccountKind.TAX_PAYABLE, remittance.currency).pk,
                        system_account(AccountKind.BANK, remittance.currency).pk,
                        remittance.amount_minor,
                        "tax_remitted_period",
                    )
                ],
            )
            remittance.status = RemittanceStatus.INSTRUCTED
        else:
            # nothing left: what it counted and the credits it used go to the next period
            remittance.items.all().delete()
            remittance.credits_used.update(credit_used_by=None)
            remittance.status = RemittanceStatus.FAILED
        remittance.bank_reference = result.bank_reference
        remittance.failure_code = result.decline_code
        remittance.save(update_fields=["status", "bank_reference", "failure_code", "journal"])
    return remittance


def _tax_unfinished() -> None:
    for remittance in TaxRemittance.objects.filter(status=RemittanceStatus.SENDING):
        _tax_send(remittance)


def tax_remit(
    *, authority: str, period: str, actor: str, now: datetime | None = None
) -> tuple[TaxRemittance, bool]:
    """Close one authority's period: its return, and the net tax paid to it, once. Returns the
    remittance and whether this call made it (False: it was made before; nothing moved)."""
    found = _authority(authority)
    chosen = _period(period, found.period)
    start, end = chosen.bounds(found.time_zone)
    _closed(chosen, end, now or clock.now())
    _tax_unfinished()
    remittance, created = _tax_claim(found, chosen, start, end, actor)
    if remittance.status == RemittanceStatus.SENDING:
        remittance = _tax_send(remittance)
    return remittance, created


def tax_remit_due(*, actor: str, now: datetime | None = None) -> list[TaxRemittance]:
    """Every authority's last closed period, if not remitted yet."""
    moment = now or clock.now()
    made = []
    for authority in rules.authorities().values():
        period = rules.last_closed_period(moment, authority.period, authority.time_zone)
        if not TaxRemittance.objects.filter(authority=authority.code, period=period.label).exists():
            made.append(
                tax_remit(authority=authority.code, period=period.label, actor=actor, now=moment)[0]
            )
    return made


# -- Logistics partners ------------------------------------------------------------------------


def _leg_cost(leg: ShipmentLeg) -> int:
    return rules.leg_cost_minor(
        per_parcel_minor=leg.lane.cost_per_parcel_minor,
        per_kg_minor=leg.lane.cost_per_kg_minor,
        weight_g=leg.shipment.weight_g,
    )


def _partner_claim(
    partner: LogisticsPartner,
    currency: str,
    period: rules.Period,
    start: datetime,
    end: datetime,
    actor: str,
) -> tuple[PartnerPayment, bool]:
    payment_id = f"lp:{partner.code}:{currency}:{period.label}"
    now = clock.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                payment = PartnerPayment.objects.create(
                    id=payment_id,
                    partner=partner,
                    period=period.label,
                    currency=currency,
                    period_start=start,
                    period_end=end,
                    legs_count=0,
                    amount_minor=0,
                    status=RemittanceStatus.SENDING,
                    actor=actor,
                    created_at=now,
                )
        except IntegrityError:
            return PartnerPayment.objects.get(pk=payment_id), False
        legs = list(
            legs_delivered(before=end)
            .filter(partner=partner, lane__currency=currency, partner_payment_leg__isnull=True)
            .annotate(collected_in=F("shipment__order__currency"))
            .order_by("pk")
        )
        rates = {
            source: fx_mid_rate(currency, source, now).rate
            for source in {leg.collected_in for leg in legs}
        }
        rows = []
        for leg in legs:
            source: str = leg.collected_in
            cost = _leg_cost(leg)
            rows.append(
                PartnerPaymentLeg(
                    leg=leg,
                    payment=payment,
                    waybill=leg.shipment_id,
                    sequence=leg.sequence,
                    lane_code=leg.lane.code,
                    weight_g=leg.shipment.weight_g,
                    delivered_at=leg.ended_at or end,
                    amount_minor=cost,
                    source_currency=source,
                    source_minor=rules.convert_minor(
                        cost,
                        rate=rates[source],
                        minor_factor=Decimal(10) ** (minor_units(source) - minor_units(currency)),
                    ),
                )
            )
        try:
            with transaction.atomic():
                PartnerPaymentLeg.objects.bulk_create(rows)
        except IntegrityError as exc:
            raise RemittanceRefused(
                _("Another payment of %(partner)s is running; try again.")
                % {"partner": partner.code},
                code="remittance_busy",
            ) from exc
        by_source: dict[str, dict[str, Any]] = defaultdict(
            lambda: {"legs_minor": 0, "amount_minor": 0}
        )
        for row in rows:
            by_source[row.source_currency]["legs_minor"] += row.amount_minor
            by_source[row.source_currency]["amount_minor"] += row.source_minor
            by_source[row.source_currency]["rate"] = str(rates[row.source_currency])
        payment.conversions = dict(by_source)
        payment.legs_count = len(rows)
        payment.amount_minor = sum(r.amount_minor for r in rows)
        payment.status = RemittanceStatus.SENDING if rows else RemittanceStatus.NIL
        payment.save()
    return payment, True


def _partner_transfers(payment: PartnerPayment) -> list[TransferSpec]:
    """Logistics payable in the currency the shipping was collected in, through liquidity when
    that is not the partner's currency, to the bank in the partner's currency."""
    paid_to = system_account(AccountKind.BANK, payment.currency).pk
    transfers = []
    for source, figures in sorted(payment.conversions.items()):
        payable = system_account(AccountKind.LOGISTICS_PAYABLE, source).pk
        base = f"{payment.pk}:{source}"
        if source == payment.currency:
            transfers.append(
                TransferSpec(f"{base}:pay", payable, paid_to, figures["legs_minor"], "partner_paid")
            )
            continue
        if figures["amount_minor"]:
            transfers.append(
                TransferSpec(
                    f"{base}:fx",
                    payable,
                    system_account(AccountKind.LIQUIDITY, source).pk,
                    figures["amount_minor"],
                    "partner_fx",
                )
            )
        transfers.append(
            TransferSpec(
                f"{base}:pay",
                system_account(AccountKind.LIQUIDITY, payment.currency).pk,
                paid_to,
                figures["legs_minor"],
                "partner_paid",
            )
        )
    return [t for t in transfers if t.amount]


def _partner_send(payment: PartnerPayment) -> PartnerPayment:
    code = LogisticsPartner.objects.values_list("code", flat=True).get(pk=payment.partner_id)
    result = _bank_payout(
        payment.pk, f"acct_partner_{code}", payment.amount_minor, payment.currency
    )
    with transaction.atomic():
        payment = PartnerPayment.objects.select_for_update().get(pk=payment.pk)
        if payment.status != RemittanceStatus.SENDING:
            return payment
        if result.status == "approved":
            payment.journal = journal_post(
                journal_id=f"partner:{payment.pk}",
                kind="partner_payment",
                reference=payment.pk,
                transfers=_partner_transfers(payment),
            )
            payment.status = RemittanceStatus.INSTRUCTED
        else:
            payment.legs.all().delete()  # unpaid: the next period pays them
            payment.status = RemittanceStatus.FAILED
        payment.bank_reference = result.bank_reference
        payment.failure_code = result.decline_code
        payment.save(update_fields=["status", "bank_reference", "failure_code", "journal"])
    return payment


def partners_pay(
    *, period: str, actor: str, now: datetime | None = None
) -> list[tuple[PartnerPayment, bool]]:
    """Pay every partner for its legs delivered by the period's end and not paid before, once
    per partner, currency and period."""
    schedule = rules.partner_schedule()
    chosen = _period(period, schedule.period)
    start, end = chosen.bounds(schedule.time_zone)
    _closed(chosen, end, now or clock.now())
    for unfinished in PartnerPayment.objects.filter(status=RemittanceStatus.SENDING):
        _partner_send(unfinished)
    owed = (
        legs_delivered(before=end)
        .filter(partner_payment_leg__isnull=True)
        .values_list("partner_id", "lane__currency")
        .distinct()
    )
    partners = LogisticsPartner.objects.in_bulk({p for p, _c in owed})
    done = []
    for partner_id, currency in sorted(set(owed)):
        payment, created = _partner_claim(partners[partner_id], currency, chosen, start, end, actor)
        if payment.status == RemittanceStatus.SENDING:
            payment = _partner_send(payment)
        done.append((payment, created))
    return done


# -- Runs --------------------------------------------------------------------------------------


def remittance_run(
    *,
    kind: str,
    period: str,
    actor: str,
    work: Callable[[], Iterable[object]],
    started_at: datetime | None = None,
) -> RemittanceRun:
    """Record a run and what it did, and whether the ledger balances per currency after it."""
    run = RemittanceRun.objects.create(
        kind=kind, period=period, actor=actor, started_at=started_at or clock.now()
    )
    try:
        made = list(work())
    except Exception as exc:
        run.error = str(exc)[:200]
        run.finished_at = clock.now()
        run.save(update_fields=["error", "finished_at"])
        raise
    statuses: dict[str, int] = defaultdict(int)
    for record in made:
        statuses[str(getattr(record, "status", ""))] += 1
    run.outcome = {"records": [str(r) for r in made], "statuses": dict(statuses)}
    run.ledger_balanced = not ledger_invariant().unbalanced_currencies
    run.finished_at = clock.now()
    run.save(update_fields=["outcome", "ledger_balanced", "finished_at"])
    if not run.ledger_balanced:
        logger.error("remittance run %s left the ledger unbalanced", run.pk)
    return run


def remittances_due(*, actor: str = "system:jobs") -> dict[str, int]:
    """The job step: each closed period not yet remitted or paid, once. When all are done it
    costs five indexed reads: one per authority, one for the partners' last closed month (a
    leg that ends up in a month already run is paid with the next one)."""
    now = clock.now()
    started = now
    taxes = tax_remit_due(actor=actor, now=now)
    if taxes:
        remittance_run(kind="tax", period="", actor=actor, work=lambda: taxes, started_at=started)
    schedule = rules.partner_schedule()
    month = rules.last_closed_period(now, schedule.period, schedule.time_zone).label
    paid: list[PartnerPayment] = []
    if not RemittanceRun.objects.filter(kind="partners", period=month, error="").exists():

        def work() -> list[PartnerPayment]:
            paid.extend(
                p for p, created in partners_pay(period=month, actor=actor, now=now) if created
            )
            return paid

        remittance_run(kind="partners", period=month, actor=actor, work=work)
    return {"tax_remittances": len(taxes), "partner_payments": len(paid)}
