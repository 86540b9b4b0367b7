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


@dataclass(frozen=True)
class PayoutOriginator:
    """The platform's own accounts payout files are sent from, and the names banks show.
    Demo values by default; production sets the BANK_* variables its bank gives it."""

    aba_bank_code: str
    aba_user_name: str
    aba_user_id: str
    aba_trace_bsb: str
    aba_trace_account: str
    aba_remitter: str
    aba_self_balancing: bool
    nz_account: str
    nz_name: str


def payout_originator() -> PayoutOriginator:
    env = os.environ.get
    return PayoutOriginator(
        aba_bank_code=env("BANK_ABA_BANK_CODE", "CBA"),
        aba_user_name=env("BANK_ABA_USER_NAME", "TRADELANE PTY LTD"),
        aba_user_id=env("BANK_ABA_USER_ID", "301500"),
        aba_trace_bsb=env("BANK_ABA_TRACE_BSB", "062-000"),
        aba_trace_account=env("BANK_ABA_TRACE_ACCOUNT", "10000001"),
        aba_remitter=env("BANK_ABA_REMITTER", "TRADELANE"),
        aba_self_balancing=env("BANK_ABA_SELF_BALANCING", "0") == "1",
        nz_account=env("BANK_NZ_ACCOUNT", "0201000123456000"),
        nz_name=env("BANK_NZ_NAME", "TRADELANE"),
    )
