"""Settings of the simulated carriers (every partner kind in the demo network uses it)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class CarrierSettings:
    missed_connection_permille: int  # a leg's departure slips a day
    excursion_permille: int  # a cold parcel's recorder shows a 45-minute excursion
    reading_minutes: int  # temperature recorders log this often (EN 12830: about 15)
    refusal_permille: int  # handovers a partner refuses although the lane shows room
    # How many times faster than the wall clock the simulated partners work: 1 (real hours)
    # but in the live demo, where `tradelane serve` sets DEMO_TIME_FACTOR (tradelane.tools.demo.live).
    time_factor: float = 1.0


def demo_time_factor(env: Mapping[str, str]) -> float:
    raw = env.get("DEMO_TIME_FACTOR", "1")
    try:
        factor = float(raw)
    except ValueError:
        factor = 0.0
    if not factor >= 1:  # also refuses nan
        raise ValueError(f"DEMO_TIME_FACTOR must be a number of at least 1, not {raw!r}")
    return factor


def carrier_settings() -> CarrierSettings:
    env = os.environ.get
    return CarrierSettings(
        missed_connection_permille=int(env("SIMULATED_CARRIER_MISSED_PERMILLE", "30")),
        excursion_permille=int(env("SIMULATED_CARRIER_EXCURSION_PERMILLE", "20")),
        reading_minutes=int(env("SIMULATED_CARRIER_READING_MINUTES", "15")),
        refusal_permille=int(env("SIMULATED_CARRIER_REFUSAL_PERMILLE", "10")),
        time_factor=demo_time_factor(os.environ),
    )
