"""Wallets: open, top up through the bank adapter, read history and statements."""

from __future__ import annotations

import hashlib
import re
import time
from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from tradelane.accounts.models import Consumer
from tradelane.core import clock
from tradelane.core.errors import Conflict, ValidationFailed
from tradelane.core.money import Money
from tradelane.payments.models import AccountKind, TopUp, TopUpStatus, Wallet
from tradelane.payments.partners.bank.mapper import ChargeRequest, ChargeResult
from tradelane.payments.partners.registry import bank
from tradelane.payments.services.accounts import account_open, system_account
from tradelane.payments.services.ledger import TransferSpec, journal_post
from tradelane.payments.statements import Entry, Statement, account_history, account_statement

WALLET_CURRENCIES = ("CNY", "AUD", "NZD")
MAX_TOPUP = {
    "CNY": Money.of("50000", "CNY"),
    "AUD": Money.of("10000", "AUD"),
    "NZD": Money.of("10000", "NZD"),
}
TOPUP_BANK_CALL_SECONDS = 15  # the longest a bank call takes before we treat it as lost
FUNDING_SOURCE = re.compile(r"^(card|bank)_[A-Za-z0-9]{4,32}$")


def wallet_for(consumer: Consumer, currency: str | None = None) -> Wallet:
    currency = currency or consumer.market.currency
    if currency not in WALLET_CURRENCIES:
        raise ValidationFailed(
            _("Wallets hold CNY, AUD or NZD."),
            code="wallet_currency_unsupported",
            fields={"currency": list(WALLET_CURRENCIES)},
        )
    existing = (
        Wallet.objects.select_related("account")
        .filter(consumer=consumer, currency=currency)
        .first()
    )
    if existing:
        return existing
    with transaction.atomic():
        account = account_open(
            code=f"wallet:{consumer.pk}:{currency}",
            kind=AccountKind.WALLET,
            currency=currency,
            consumer_id=consumer.pk,
        )
        wallet, _created = Wallet.objects.get_or_create(
            consumer=consumer,
            currency=currency,
            defaults={"account": account, "created_at": clock.now()},
        )
    return wallet


def _topup_id(consumer: Consumer, request_id: str) -> str:
    return "tu_" + hashlib.sha256(f"{consumer.pk}:{request_id}".encode()).hexdigest()[:24]


def _check_topup(amount: Money, funding_source: str) -> None:
    problems: dict[str, list[str]] = {}
    if amount.currency not in WALLET_CURRENCIES:
        problems["currency"] = list(WALLET_CURRENCIES)
    elif not Money.zero(amount.currency) < amount <= MAX_TOPUP[amount.currency]:
        problems["amount"] = [_("between 0 and %(max)s") % {"max": MAX_TOPUP[amount.currency]}]
    if not FUNDING_SOURCE.match(funding_source):
        problems["funding_source"] = [_("a bank token such as card_4242 or bank_0001")]
    if problems:
        raise ValidationFailed(_("The top-up is not valid."), fields=problems)


def topup_create(
    *, consumer: Consumer, amount: Money, funding_source: str, request_id: str
) -> TopUp:
    """Charge the funding source and credit the wallet. Idempotent by `request_id`: a repeat
    returns the same top-up (in its current state); other details with the same id are a 409."""
    _check_topup(amount, funding_source)
    topup_id = _topup_id(consumer, request_id)
    existing = TopUp.objects.filter(pk=topup_id).first()
    if existing is not None:
        if (existing.amount_minor, existing.currency, existing.funding_source) != (
            amount.minor,
            amount.currency,
            funding_source,
        ):
            raise Conflict(
                _("This request id was already used for another top-up."),
                code="idempotency_key_reused",
            )
        return _answered(existing)
    wallet = wallet_for(consumer, amount.currency)
    client = bank()
    with transaction.atomic():
        topup, created = TopUp.objects.get_or_create(
            pk=topup_id,
            defaults={
                "wallet": wallet,
                "consumer": consumer,
                "amount_minor": amount.minor,
                "currency": amount.currency,
                "funding_source": funding_source,
                "bank": client.name,
                "created_at": clock.now(),
            },
        )
    if not created:
        return _answered(topup)
    # The bank is called outside any transaction; if we stop before recording its answer,
    # topups_settle asks it again (the charge is de-duplicated on our reference).
    result = client.charge(_charge_request(topup), now=clock.now())
    return topup_apply_result(topup, result)


def _answered(topup: TopUp) -> TopUp:
    """A repeat of a top-up whose bank call is still in flight waits for the bank's answer, so
    both requests tell the same outcome (a retry must not see `pending` while the first is told
    `succeeded`). A call older than the bank's timeout has died; `topups_settle` finishes it."""
    if clock.now() - topup.created_at > timedelta(seconds=TOPUP_BANK_CALL_SECONDS):
        return topup
    give_up = time.monotonic() + TOPUP_BANK_CALL_SECONDS
    while _bank_call_in_flight(topup) and time.monotonic() < give_up:
        time.sleep(0.05)
        topup.refresh_from_db()
    return topup


def _bank_call_in_flight(topup: TopUp) -> bool:
    return topup.status == TopUpStatus.PENDING and not topup.bank_reference


def _charge_request(topup: TopUp) -> ChargeRequest:
    return ChargeRequest(
        reference=topup.pk,
        funding_source=topup.funding_source,
        amount_minor=topup.amount_minor,
        currency=topup.currency,
    )


@transaction.atomic
def topup_apply_result(topup: TopUp, result: ChargeResult) -> TopUp:
    if result.status == "pending":
        TopUp.objects.filter(pk=topup.pk, status=TopUpStatus.PENDING).update(
            bank_reference=result.bank_reference
        )
    elif result.status == "approved":
        if TopUp.objects.filter(pk=topup.pk, status=TopUpStatus.PENDING).update(
            status=TopUpStatus.SUCCEEDED,
            bank_reference=result.bank_reference,
            completed_at=clock.now(),
        ):
            journal_post(
                journal_id=f"topup:{topup.pk}",
                kind="topup",
                reference=topup.pk,
                transfers=[
                    TransferSpec(
                        f"topup:{topup.pk}",
                        system_account(AccountKind.BANK, topup.currency).pk,
                        topup.wallet.account_id,
                        topup.amount_minor,
                        "topup",
                    ),
                ],
            )
    else:
        TopUp.objects.filter(pk=topup.pk, status=TopUpStatus.PENDING).update(
            status=TopUpStatus.FAILED,
            bank_reference=result.bank_reference,
            failure_code=result.decline_code,
            failure_message=result.message[:200],
            completed_at=clock.now(),
        )
    topup.refresh_from_db()
    return topup


def topups_settle(*, now: datetime | None = None, batch: int = 500) -> int:
    """Ask the bank about top-ups still pending; returns how many reached a final state."""
    moment, client, done = now or clock.now(), bank(), 0
    for topup in TopUp.objects.filter(status=TopUpStatus.PENDING).select_related("wallet")[:batch]:
        result = client.status(_charge_request(topup), created_at=topup.created_at, now=moment)
        if result.status != "pending":
            done += topup_apply_result(topup, result).status != TopUpStatus.PENDING
    return done


def wallet_history(wallet: Wallet, *, limit: int = 50, offset: int = 0) -> list[Entry]:
    return account_history(wallet.account_id, limit=limit, offset=offset)


def wallet_statement(wallet: Wallet, *, start: datetime, end: datetime) -> Statement:
    return account_statement(wallet.account, start=start, end=end)
