"""Which adapter speaks for each logistics partner. Every partner in this repository is served
by the simulated carrier; a real partner's client would sit beside it behind the same methods."""

from __future__ import annotations

from tradelane.logistics.partners.carrier.client import SimulatedCarrier
from tradelane.logistics.partners.carrier.settings import carrier_settings


def carrier(partner_code: str) -> SimulatedCarrier:
    return SimulatedCarrier(carrier_settings())
