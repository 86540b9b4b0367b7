"""What checkout asks of campaigns, inside the quote's and the place's own transactions.

`orders` calls these explicitly; nothing here imports `orders` (campaigns sit below it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from tradelane.campaigns.errors import FlashClaimExpired, FlashClaimQuantity
from tradelane.campaigns.models import ClaimStatus, FlashSaleClaim
from tradelane.campaigns.selectors import held_flash_claims, prices_under, pricing_terms
from tradelane.campaigns.services import (
    flash_claims_rekey,
    flash_claims_release_for_order,
    identity_key_of,
)
from tradelane.campaigns.vouchers import voucher_give_back
from tradelane.catalog.models import Listing
from tradelane.core import clock


@dataclass(frozen=True)
class LinePrice:
    """The unit price a line is charged, and where it came from."""

    unit_price_minor: int
    list_price_minor: int
    campaign_code: str = ""
    flash_claim_ids: tuple[int, ...] = ()


def line_prices(
    *,
    consumer_id: int,
    listings: list[Listing],
    quantities: dict[int, int],
    market_code: str,
    at: datetime | None = None,
) -> dict[int, LinePrice]:
    """Per listing: an open flash claim's price (for exactly the units held), else the lowest
    campaign price of the moment, else the listing price. Listings loaded with product and
    merchant."""
    moment = at or clock.now()
    terms = pricing_terms(market_code, moment)
    if not terms:  # a flash sale is part of a campaign: no campaign, no flash price either
        return {ln.pk: LinePrice(ln.price_minor, ln.price_minor) for ln in listings}
    campaign = prices_under(terms, listings)
    codes = [t.code for t in terms]
    flash = held_flash_claims(consumer_id, [ln.pk for ln in listings], codes, moment)
    prices = {}
    for listing in listings:
        held = flash.get(listing.pk)
        if held is not None:
            if quantities[listing.pk] != held.quantity:
                raise FlashClaimQuantity(
                    _("You hold %(n)s at the flash price; set this item's quantity to %(n)s.")
                    % {"n": held.quantity},
                    extra={"listing_id": listing.pk, "held": held.quantity},
                )
            prices[listing.pk] = LinePrice(
                held.price_minor, listing.price_minor, held.campaign_code, held.claim_ids
            )
        elif listing.pk in campaign:
            found = campaign[listing.pk]
            prices[listing.pk] = LinePrice(
                found.price_minor, listing.price_minor, found.campaign_code
            )
        else:
            prices[listing.pk] = LinePrice(listing.price_minor, listing.price_minor)
    return prices


def flash_claims_convert(
    *, consumer_id: int, claim_ids: list[int], order_number: str, identity_index: str | None
) -> None:
    """The held units become the order's; refused if a hold ran out since the quote (the place
    rolls back, and a new quote prices the line at what it costs then).

    `identity_index` is the keyed digest of the identity the order is placed under (its
    snapshot; None for an order that carries none). The per-person limit counts against that
    identity: a hold claimed with no identity on file, or under another number, moves to it
    within the limit, or the place is refused (per_buyer_limit_reached). All or nothing."""
    if not claim_ids:
        return
    with transaction.atomic():
        converted = FlashSaleClaim.objects.filter(
            pk__in=claim_ids,
            consumer_id=consumer_id,
            status=ClaimStatus.HELD,
            expires_at__gt=clock.now(),
        ).update(status=ClaimStatus.CONVERTED, order_number=order_number)
        if converted != len(claim_ids):
            raise FlashClaimExpired(
                _("Your flash-sale hold ran out; ask for a new quote."),
                extra={"claim_ids": claim_ids},
            )
        if identity_index is not None:
            flash_claims_rekey(claim_ids, identity_key_of(identity_index))


def order_not_paid(order_number: str) -> None:
    """An order expired or was cancelled unpaid: flash units and the voucher use come back."""
    flash_claims_release_for_order(order_number)
    voucher_give_back(order_number)


def order_refunded(order_number: str) -> None:
    """A refunded order gives its voucher use back (flash units stay sold: they were sold)."""
    voucher_give_back(order_number)
