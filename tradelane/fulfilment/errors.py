"""Refusals of the fulfilment room: shipping outside China, returns, partners' scans."""

from tradelane.core.errors import Conflict, NotFound, ValidationFailed


class OrderNotShippable(Conflict):
    default_code = "order_not_shippable"


class PostRefused(ValidationFailed):
    default_code = "post_refused"


class TrackingNumberInvalid(ValidationFailed):
    default_code = "tracking_number_invalid"


class TrackingNumberUsed(Conflict):
    default_code = "tracking_number_used"


class ReturnNotAllowed(ValidationFailed):
    default_code = "return_not_allowed"


class ReturnAlreadyRequested(Conflict):
    default_code = "return_already_requested"


class ReturnNotPending(Conflict):
    default_code = "return_not_pending"


class UnknownScanCode(ValidationFailed):
    default_code = "unknown_scan_code"


class NotYourParcel(NotFound):
    default_code = "shipment_not_found"
