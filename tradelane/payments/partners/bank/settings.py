"""Settings of the bank adapter, from the environment.

BANK_PROVIDER=simulated is the only provider in this repository: the platform never calls the
internet, and a real bank's client would sit beside this one behind the same interface.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class BankSettings:
    provider: str
    # The simulated bank: seconds before an asynchronous charge settles, and the share of
    # otherwise good charges it declines at random (deterministically, by charge reference).
    settle_after_seconds: int
    random_decline_permille: int


def bank_settings() -> BankSettings:
    return BankSettings(
        provider=os.environ.get("BANK_PROVIDER", "simulated"),
        settle_after_seconds=int(os.environ.get("SIMULATED_BANK_SETTLE_SECONDS", "5")),
        random_decline_permille=int(os.environ.get("SIMULATED_BANK_DECLINE_PERMILLE", "0")),
    )
