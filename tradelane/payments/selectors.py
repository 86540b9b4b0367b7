"""Reads of the payments room for pages and the API: the formulas live once, here and on
LedgerAccount, not in each view."""

from __future__ import annotations

from tradelane.core.money import Money
from tradelane.payments.models import Wallet


def wallet_balance(wallet: Wallet) -> Money:
    """Posted credits less posted debits, in the wallet's currency."""
    return Money.from_minor(wallet.account.credit_balance, wallet.currency)


def wallet_available(wallet: Wallet) -> Money:
    """What the wallet can spend now: its balance less what is held."""
    return Money.from_minor(wallet.account.available_balance, wallet.currency)
