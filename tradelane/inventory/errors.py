from tradelane.core.errors import NotFound, RuleViolation


class OutOfStock(RuleViolation):
    default_code = "out_of_stock"


class LocationNotFound(NotFound):
    default_code = "location_not_found"


class StockBelowReserved(RuleViolation):
    default_code = "stock_below_reserved"
