from tradelane.core.errors import Conflict, NotFound, RuleViolation, ValidationFailed


class ProductNotFound(NotFound):
    default_code = "product_not_found"


class VariantNotFound(NotFound):
    default_code = "variant_not_found"


class SkuTaken(Conflict):
    default_code = "sku_taken"


class ListingNotAllowed(RuleViolation):
    default_code = "listing_not_allowed"


class ImageRejected(ValidationFailed):
    default_code = "image_rejected"
