"""Customs refusals, with messages in the buyer's language (English and Simplified Chinese)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tradelane.core.errors import RuleViolation
from tradelane.customs.rules import ImportRefused

MESSAGES = {
    "cbec_order_limit_exceeded": _(
        "This order is over the CNY 5,000 cross-border limit per order. Split it into smaller orders."
    ),
    "cbec_annual_limit_exceeded": _(
        "This order would take the buyer over the CNY 26,000 annual cross-border limit."
    ),
}


def refusal_error(refusal: ImportRefused) -> RuleViolation:
    message = MESSAGES.get(refusal.code, _("This order cannot be imported."))
    extra = {k: str(v) for k, v in refusal.details.items()}
    return RuleViolation(message, code=refusal.code, extra=extra)
