from tradelane.core.errors import Conflict, Forbidden, NotFound, RuleViolation


class MerchantNotFound(NotFound):
    default_code = "merchant_not_found"


class MerchantNotActive(RuleViolation):
    default_code = "merchant_not_active"


class IllegalMerchantTransition(Conflict):
    default_code = "illegal_merchant_transition"


class BusinessNumberTaken(Conflict):
    default_code = "business_number_taken"


class NotMerchantOwner(Forbidden):
    default_code = "not_merchant_owner"


class ApiKeyNotFound(NotFound):
    default_code = "api_key_not_found"
