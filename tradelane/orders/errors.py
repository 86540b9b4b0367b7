from tradelane.core.errors import Conflict, NotFound, RuleViolation


class CartEmpty(RuleViolation):
    default_code = "cart_empty"


class ListingUnavailable(RuleViolation):
    default_code = "listing_unavailable"


class QuoteNotFound(NotFound):
    default_code = "quote_not_found"


class QuoteExpired(RuleViolation):
    default_code = "quote_expired"


class QuoteUsed(Conflict):
    default_code = "quote_already_used"


class CartChanged(Conflict):
    default_code = "cart_changed"


class OrderNotFound(NotFound):
    default_code = "order_not_found"


class IllegalOrderTransition(Conflict):
    default_code = "illegal_order_transition"


class AddressMismatch(RuleViolation):
    default_code = "address_not_in_market"
