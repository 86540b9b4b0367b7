"""The campaigns room's refusals: stable codes a client can branch on."""

from tradelane.core.errors import Conflict, NotFound, RuleViolation, ValidationFailed


class CampaignNotFound(NotFound):
    default_code = "campaign_not_found"


class TemplateNotFound(NotFound):
    default_code = "campaign_template_not_found"


class CampaignExists(Conflict):
    default_code = "campaign_exists"


class IllegalCampaignTransition(Conflict):
    default_code = "illegal_campaign_transition"


class CampaignClosed(RuleViolation):
    default_code = "campaign_closed"


class FlashSaleNotFound(NotFound):
    default_code = "flash_sale_not_found"


class SoldOut(Conflict):
    default_code = "sold_out"


class PerBuyerLimitReached(RuleViolation):
    default_code = "per_buyer_limit_reached"


class FlashSaleNotStarted(RuleViolation):
    default_code = "not_started"


class FlashSaleEnded(RuleViolation):
    default_code = "ended"


class FlashClaimQuantity(RuleViolation):
    default_code = "flash_claim_quantity"


class FlashClaimExpired(RuleViolation):
    default_code = "flash_claim_expired"


class VoucherRefused(RuleViolation):
    """Unknown, not yet valid, expired, below the minimum spend, or used up: the code says which
    (`voucher_unknown`, `voucher_not_started`, `voucher_expired`, `voucher_min_spend`,
    `voucher_cap_reached`, `voucher_buyer_cap_reached`, `voucher_not_applicable`)."""

    default_code = "voucher_refused"


class InvalidCampaign(ValidationFailed):
    default_code = "campaign_invalid"
