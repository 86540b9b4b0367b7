"""Settings of the customs tax refund adapter, from the environment.

CUSTOMS_TAX_REFUND_WINDOW_DAYS: CBEC retail imports returned within this many days of customs
releasing them get their import tax back (30 under the GACC CBEC rules; configuration, since
rules change)."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class TaxRefundSettings:
    provider: str
    window_days: int


def tax_refund_settings() -> TaxRefundSettings:
    env = os.environ.get
    return TaxRefundSettings(
        provider=env("CUSTOMS_PROVIDER", "simulated"),
        window_days=int(env("CUSTOMS_TAX_REFUND_WINDOW_DAYS", "30")),
    )
