"""One error family for the whole platform, and one JSON shape for it.

Every refusal is an ApplicationError with a stable machine code, a message a person can read
(translated through Django's i18n), and per-field details. The API renders it as
`{"error": {"code", "message", "fields"}}`.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise


class ApplicationError(Exception):
    http_status = 400
    default_code = "bad_request"

    def __init__(
        self,
        message: str | Promise,
        *,
        code: str | None = None,
        fields: dict[str, list[str]] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code or self.default_code
        self.fields = fields or {}
        self.extra = extra or {}

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "code": self.code,
            "message": str(self.message),
            "fields": {k: [str(m) for m in v] for k, v in self.fields.items()},
        }
        if self.extra:
            body["extra"] = self.extra
        return {"error": body}


class ValidationFailed(ApplicationError):
    http_status = 422
    default_code = "invalid"


class NotFound(ApplicationError):
    http_status = 404
    default_code = "not_found"


class Conflict(ApplicationError):
    http_status = 409
    default_code = "conflict"


class Unauthenticated(ApplicationError):
    http_status = 401
    default_code = "unauthenticated"


class Forbidden(ApplicationError):
    http_status = 403
    default_code = "forbidden"


class RequestTooLarge(ApplicationError):
    """A request body over DATA_UPLOAD_MAX_MEMORY_SIZE: refused before anything reads it."""

    http_status = 413
    default_code = "request_too_large"


def request_too_large() -> RequestTooLarge:
    from django.conf import settings
    from django.utils.translation import gettext as _

    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return RequestTooLarge(
        _("The request body is larger than the %(limit)s bytes accepted.") % {"limit": limit},
        extra={"limit_bytes": limit},
    )


class RuleViolation(ApplicationError):
    """A business rule refuses the request (limits, stock, states)."""

    http_status = 422
    default_code = "rule_violation"


def error_body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}
