from django.utils.translation import gettext_lazy as _

from tradelane.core.errors import NotFound, RuleViolation, ValidationFailed


class MarketNotFound(NotFound):
    default_code = "market_not_found"


class FxRateUnavailable(RuleViolation):
    default_code = "fx_rate_unavailable"


class FxQuoteExpired(RuleViolation):
    default_code = "fx_quote_expired"


class FxFileInvalid(ValidationFailed):
    default_code = "fx_file_invalid"


def market_not_found(code: str) -> MarketNotFound:
    return MarketNotFound(_("There is no market %(code)s.") % {"code": code})
