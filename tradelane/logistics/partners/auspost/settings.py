"""Settings of the national posts' parcel API (shaped like Australia Post's Shipping and
Tracking API): the sender's location id on article ids, the products used, the simulated
post's delays and failed deliveries."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class PostSettings:
    partner: str  # the network partner this post is (SXPOST, KIWIPOST)
    country: str  # where its parcels are lodged
    location_id: str  # the platform's three-character sender location on article ids
    domestic_product: str
    international_product: str
    failed_delivery_permille: int  # a first delivery attempt fails (card left), next day it works


POSTS = {
    # Australia Post's own product codes: 7E55 Parcel Post (eParcel), PTI8 International Standard.
    "SXPOST": ("AU", "TLA", "7E55", "PTI8"),
    # New Zealand's post speaks the same interface here; its CourierPost overnight and
    # international economy products under their own codes.
    "KIWIPOST": ("NZ", "TLN", "CPOLP", "IEPE"),
}


def post_settings(partner: str) -> PostSettings:
    country, location, domestic, international = POSTS[partner]
    return PostSettings(
        partner=partner,
        country=country,
        location_id=location,
        domestic_product=domestic,
        international_product=international,
        failed_delivery_permille=int(os.environ.get("SIMULATED_POST_FAILED_PERMILLE", "30")),
    )
