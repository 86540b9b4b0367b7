"""Demo speed for the live demo (`tradelane serve` without --production).

The simulated carriers keep a real partner's hours: a carrier picks a parcel up two hours
after handover, lanes take days, a recorder logs every 15 minutes. Watched live, a paid order
would sit at "being packed" for hours. At demo speed the simulated carriers and their
temperature recorders (and only they) run `DEMO_TIME_FACTOR` times faster than the wall clock,
so a parcel reaches the buyer within minutes. The simulated customs single window answers in
its own configured seconds (SIMULATED_CUSTOMS_*), already short enough for the demo. The
platform's own clock is untouched: every scan happens at a real moment, never in the future,
and orders, quotes, reservations and payments keep real time.

Tests and the production profile never set the factor, so their partners keep real hours.
"""

from __future__ import annotations

from collections.abc import MutableMapping

from tradelane.logistics.partners.carrier.settings import demo_time_factor

DEMO_TIME_FACTOR = 3600  # an hour of the partners' time in every second of the demo's
ENVIRONMENT_NAME = "DEMO_TIME_FACTOR"


def demo_time_enable(environ: MutableMapping[str, str]) -> float:
    """Turn demo speed on in this process's environment, where the simulated partners read
    their settings, unless the environment already chose a factor (`DEMO_TIME_FACTOR=1` keeps
    real hours in the demo). Returns the factor in force; a bad one (below 1, not a number)
    raises ValueError here, before the server starts, rather than in every job run."""
    environ.setdefault(ENVIRONMENT_NAME, str(DEMO_TIME_FACTOR))
    return demo_time_factor(environ)
