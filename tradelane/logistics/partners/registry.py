"""Which adapter speaks for each logistics partner. Every partner in this repository is served
by a simulated one; a real partner's client would sit beside it behind the same methods."""

from __future__ import annotations

from tradelane.logistics.partners.auspost.client import SimulatedPost
from tradelane.logistics.partners.auspost.settings import POSTS, post_settings
from tradelane.logistics.partners.carrier.client import SimulatedCarrier
from tradelane.logistics.partners.carrier.settings import carrier_settings


def carrier(partner_code: str) -> SimulatedCarrier:
    return SimulatedCarrier(carrier_settings())


def post(partner_code: str) -> SimulatedPost:
    """The national posts' parcel API (Australia Post's shape), for parcels outside China."""
    if partner_code not in POSTS:
        raise KeyError(f"{partner_code} has no parcel API")
    return SimulatedPost(post_settings(partner_code))
