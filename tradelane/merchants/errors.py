from tradelane.core.errors import Conflict, Forbidden, NotFound, RuleViolation, Unauthenticated


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


class MerchantNotActiveForbidden(Forbidden):
    """Only an active merchant takes money: its keys are refused and none are issued while it is
    applied, in review, rejected or suspended."""

    default_code = "merchant_not_active"


class ApiKeyOwnerInactive(Unauthenticated):
    """The person who issued the key was deactivated: the key went with them."""

    default_code = "api_key_owner_inactive"


class BankAccountMissing(NotFound):
    default_code = "bank_account_missing"


class BankAccountNotPending(Conflict):
    """Amounts were typed for an account with no micro-deposits waiting (verified, or changed)."""

    default_code = "bank_account_not_pending"


class MicroDepositMismatch(RuleViolation):
    default_code = "micro_deposit_mismatch"


class MicroDepositAttemptsExhausted(Conflict):
    default_code = "micro_deposit_attempts_exhausted"
