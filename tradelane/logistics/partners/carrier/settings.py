"""Settings of the simulated carriers (every partner kind in the demo network uses it)."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class CarrierSettings:
    missed_connection_permille: int  # a leg's departure slips a day
    excursion_permille: int  # a cold parcel's recorder shows a 45-minute excursion
    reading_minutes: int  # temperature recorders log this often (EN 12830: about 15)
    refusal_permille: int  # handovers a partner refuses although the lane shows room


def carrier_settings() -> CarrierSettings:
    env = os.environ.get
    return CarrierSettings(
        missed_connection_permille=int(env("SIMULATED_CARRIER_MISSED_PERMILLE", "30")),
        excursion_permille=int(env("SIMULATED_CARRIER_EXCURSION_PERMILLE", "20")),
        reading_minutes=int(env("SIMULATED_CARRIER_READING_MINUTES", "15")),
        refusal_permille=int(env("SIMULATED_CARRIER_REFUSAL_PERMILLE", "10")),
    )
