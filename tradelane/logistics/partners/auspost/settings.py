"""Settings of the national posts' parcel API (shaped like Australia Post's Shipping and
Tracking API): the sender's location id on article ids, the products used, the simulated
post's delays and failed deliveries."""

from __future__ import annotations

import os
from dataclasses import dataclass

from tradelane.logistics.partners.carrier.settings import demo_time_factor


@dataclass(frozen=True)
class PostSettings:
    partner: str  # the network partner this post is (SXPOST, KIWIPOST)
    country: str  # where its parcels are lodged
    location_id: str  # the platform's three-character sender location on article ids
    domestic_product: str
    international_product: str
    returns_product: str  # addressed to the sender's account; collected from the shopper
    failed_delivery_permille: int  # a first delivery attempt fails (card left), next day it works
    time_factor: float = 1.0  # demo speed (tradelane.tools.demo.live): the post's hours pass faster


POSTS = {
    # Australia Post's product codes: 7E55 Parcel Post (eParcel), PTI8 International Standard;
    # RPI8 stands for its returns (a label addressed to the merchant's account).
    "SXPOST": ("AU", "TLA", "7E55", "PTI8", "RPI8"),
    # New Zealand's post speaks the same interface here; its CourierPost overnight and
    # international economy products under their own codes.
    "KIWIPOST": ("NZ", "TLN", "CPOLP", "IEPE", "CPRTN"),
}


def post_settings(partner: str) -> PostSettings:
    country, location, domestic, international, returns = POSTS[partner]
    return PostSettings(
        partner=partner,
        country=country,
        location_id=location,
        domestic_product=domestic,
        international_product=international,
        returns_product=returns,
        failed_delivery_permille=int(os.environ.get("SIMULATED_POST_FAILED_PERMILLE", "30")),
        time_factor=demo_time_factor(os.environ),
    )
