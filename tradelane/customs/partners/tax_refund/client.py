"""The simulated customs tax refund office. Its rule, kept simple: the import tax of a CBEC
order is repaid when the goods come back (the refund is made) within the return window after
customs released them (`CUSTOMS_TAX_REFUND_WINDOW_DAYS`, 30); a later claim is refused.

It keeps no state: the answer is a function of the application, so asking twice about one claim
gets the same answer and the same reference."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

from tradelane.customs.partners.tax_refund.mapper import TaxRefundAnswer
from tradelane.customs.partners.tax_refund.settings import TaxRefundSettings


class SimulatedTaxRefundOffice:
    name = "simulated"

    def __init__(self, settings: TaxRefundSettings) -> None:
        self.settings = settings

    def apply(self, application: dict[str, Any], *, now: datetime) -> TaxRefundAnswer:
        released = datetime.fromisoformat(application["releaseTime"])
        returned = datetime.fromisoformat(application["returnTime"])
        if returned - released > timedelta(days=self.settings.window_days):
            return TaxRefundAnswer(
                "refused",
                reason_code="outside_return_window",
                reason=f"returned more than {self.settings.window_days} days after release",
            )
        digest = hashlib.sha256(application["copNo"].encode()).hexdigest()[:12].upper()
        return TaxRefundAnswer("repaid", reference=f"TXR{digest}")
