from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from tradelane.accounts.models import Consumer
from tradelane.catalog.selectors import visible_listings
from tradelane.core import clock
from tradelane.core.errors import ValidationFailed
from tradelane.markets.selectors import market_get
from tradelane.orders.errors import ListingUnavailable
from tradelane.orders.models import Cart, CartLine
from tradelane.orders.rules import MAX_LINE_QUANTITY


def cart_for(consumer: Consumer, market_code: str) -> Cart:
    market = market_get(market_code)
    cart, _created = Cart.objects.get_or_create(
        consumer=consumer, market=market, defaults={"updated_at": clock.now()}
    )
    return cart


@transaction.atomic
def cart_set_line(*, consumer: Consumer, market_code: str, listing_id: int, quantity: int) -> Cart:
    """Put `quantity` of a listing in the cart; 0 takes it out."""
    if not 0 <= quantity <= MAX_LINE_QUANTITY:
        raise ValidationFailed(
            _("Quantity must be between 0 and %(max)s.") % {"max": MAX_LINE_QUANTITY},
            fields={"quantity": [f"0..{MAX_LINE_QUANTITY}"]},
        )
    cart = cart_for(consumer, market_code)
    if quantity == 0:
        CartLine.objects.filter(cart=cart, listing_id=listing_id).delete()
    else:
        if not visible_listings(cart.market_id).filter(pk=listing_id).exists():
            raise ListingUnavailable(
                _("This product is not available in this market."), fields={"listing_id": []}
            )
        CartLine.objects.update_or_create(
            cart=cart,
            listing_id=listing_id,
            defaults={"quantity": quantity, "added_at": clock.now()},
        )
    Cart.objects.filter(pk=cart.pk).update(updated_at=clock.now())
    return cart
