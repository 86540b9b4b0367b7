"""Settings of the customs adapter, from the environment.

CUSTOMS_PROVIDER=simulated is the only provider here: the platform never calls the internet.
The simulated single window's behaviour is configurable for the demo and the simulator."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class SingleWindowSettings:
    provider: str
    answer_after_seconds: int  # from submission to the first answer
    inspection_permille: int  # share of declarations held for inspection
    inspection_seconds: int  # how long an inspection takes
    inspection_fail_permille: int  # share of inspections that end in rejection


def single_window_settings() -> SingleWindowSettings:
    env = os.environ.get
    return SingleWindowSettings(
        provider=env("CUSTOMS_PROVIDER", "simulated"),
        answer_after_seconds=int(env("SIMULATED_CUSTOMS_ANSWER_SECONDS", "20")),
        inspection_permille=int(env("SIMULATED_CUSTOMS_INSPECTION_PERMILLE", "50")),
        inspection_seconds=int(env("SIMULATED_CUSTOMS_INSPECTION_SECONDS", "120")),
        inspection_fail_permille=int(env("SIMULATED_CUSTOMS_INSPECTION_FAIL_PERMILLE", "200")),
    )
