"""`{% payout_hold merchant %}`: on the payouts page, why payouts are held (bank account not
verified, merchant not active) with a link to the bank-account page. A tag rather than view
context so that the payouts page needs only this one line."""

from __future__ import annotations

from typing import Any

from django import template

from tradelane.merchants.bank_accounts import verified_accounts
from tradelane.merchants.models import Merchant
from tradelane.payments.services.settlement import payouts_held

register = template.Library()


@register.inclusion_tag("web/merchant/_payout_hold.html")
def payout_hold(merchant: Merchant) -> dict[str, Any]:
    return {
        "holds": payouts_held(merchant.pk),
        "verified": verified_accounts([merchant.pk]).get(merchant.pk),
    }
