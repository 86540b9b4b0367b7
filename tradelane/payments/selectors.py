"""Reads of the payments room for pages and the API: the formulas live once, here and on
LedgerAccount, not in each view."""

from __future__ import annotations

from datetime import datetime

from django.db.models import F

from tradelane.core.money import Money
from tradelane.orders.models import Order
from tradelane.payments.models import (
    InStorePayment,
    InStoreRefund,
    LedgerAccount,
    PartnerPayment,
    PartnerPaymentLeg,
    Payout,
    RemittanceRun,
    TaxRemittance,
    TaxRemittanceItem,
    TopUp,
    Wallet,
)


def wallet_balance(wallet: Wallet) -> Money:
    """Posted credits less posted debits, in the wallet's currency."""
    return Money.from_minor(wallet.account.credit_balance, wallet.currency)


def wallet_available(wallet: Wallet) -> Money:
    """What the wallet can spend now: its balance less what is held."""
    return Money.from_minor(wallet.account.available_balance, wallet.currency)


def home_wallet(consumer_id: int) -> Wallet | None:
    """The shopper's wallet in their own market's currency, if they have opened it (one query:
    the page header must not open a wallet the shopper never asked for)."""
    rows = Wallet.objects.select_related("account")
    return rows.filter(consumer_id=consumer_id, consumer__market__currency=F("currency")).first()


def consumer_wallets(consumer_id: int) -> list[Wallet]:
    """Every wallet the shopper holds, by currency, with its ledger account for the balance."""
    rows = Wallet.objects.select_related("account").filter(consumer_id=consumer_id)
    return list(rows.order_by("currency"))


def wallet_read(wallet_id: int) -> Wallet:
    """The wallet as committed now, for a balance shown after a write elsewhere."""
    return Wallet.objects.select_related("account").get(pk=wallet_id)


def order_numbers_by_payment(payment_ids: list[str]) -> dict[str, str]:
    """An order payment's ledger reference is its payment id; the shopper knows the orders'
    numbers ('TL1, TL2' where one payment paid several)."""
    rows = Order.objects.filter(checkout__payments__pk__in=payment_ids).order_by("number")
    numbers: dict[str, list[str]] = {}
    for payment_id, number in rows.values_list("checkout__payments__pk", "number"):
        numbers.setdefault(payment_id, []).append(number)
    return {payment_id: ", ".join(found) for payment_id, found in numbers.items()}


def shop_names_by_instore_payment(payment_ids: list[str]) -> dict[str, str]:
    rows = InStorePayment.objects.filter(pk__in=payment_ids).values_list("pk", "shop__name")
    return dict(rows)


def shop_payments_since(shop_id: int, since: datetime, *, limit: int = 100) -> list[InStorePayment]:
    """A till's payments from a moment (the shop's midnight), newest first."""
    rows = InStorePayment.objects.filter(shop_id=shop_id, created_at__gte=since)
    return list(rows.order_by("-created_at")[:limit])


def shop_payment(shop_id: int, payment_id: str) -> InStorePayment | None:
    """One of this shop's payments, or None: another shop's payment is not found, not refused."""
    rows = InStorePayment.objects.select_related("shop", "fx_quote")
    return rows.filter(pk=payment_id, shop_id=shop_id).first()


def instore_refunds(payment: InStorePayment) -> list[InStoreRefund]:
    return list(payment.refunds.order_by("created_at"))


def recent_tax_remittances(limit: int) -> list[TaxRemittance]:
    return list(TaxRemittance.objects.all()[:limit])


def recent_partner_payments(limit: int) -> list[PartnerPayment]:
    return list(PartnerPayment.objects.select_related("partner")[:limit])


def recent_remittance_runs(limit: int) -> list[RemittanceRun]:
    return list(RemittanceRun.objects.all()[:limit])


def tax_remittance_with_items(
    remittance_id: str,
) -> tuple[TaxRemittance, list[TaxRemittanceItem]] | None:
    remittance = TaxRemittance.objects.filter(pk=remittance_id).first()
    return None if remittance is None else (remittance, list(remittance.items.all()))


def partner_payment_with_legs(
    payment_id: str,
) -> tuple[PartnerPayment, list[PartnerPaymentLeg]] | None:
    payment = PartnerPayment.objects.select_related("partner").filter(pk=payment_id).first()
    return None if payment is None else (payment, list(payment.legs.all()))


def consumer_topup(consumer_id: int, topup_id: str) -> TopUp | None:
    """One of the consumer's top-ups, or None (another's is not found)."""
    return TopUp.objects.filter(pk=topup_id, consumer_id=consumer_id).first()


def ledger_account_by_code(code: str) -> LedgerAccount | None:
    """The account under this code if money ever moved through it; a read never opens one."""
    return LedgerAccount.objects.filter(code=code).first()


def merchant_payouts_page(merchant_id: int, *, offset: int, limit: int) -> list[Payout]:
    """The merchant's payouts, newest business day first."""
    payouts = Payout.objects.filter(merchant_id=merchant_id).order_by("-business_date", "pk")
    return list(payouts[offset : offset + limit])
