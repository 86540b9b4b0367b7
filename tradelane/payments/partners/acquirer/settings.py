"""Settings of the card acquirer adapter, from the environment.

ACQUIRER_PROVIDER=simulated is the only provider here: the platform never calls the internet, and
a real acquirer's client (Stripe, Adyen) would sit beside this one behind the same interface.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class AcquirerSettings:
    provider: str


def acquirer_settings() -> AcquirerSettings:
    return AcquirerSettings(provider=os.environ.get("ACQUIRER_PROVIDER", "simulated"))
