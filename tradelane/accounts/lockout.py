"""Sign-in lockout with django-axes: after `AXES_FAILURE_LIMIT` wrong passwords for one account
within `AXES_COOLOFF_TIME`, every sign-in to it is refused (the right password too) until the
cool-off has passed; web, admin and `POST /api/v1/auth/token` share the count.

Axes' backend needs the request; a caller without one (a shell, the demo seeder's own checks)
is no sign-in attempt from outside, so it is neither counted nor refused.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tradelane.accounts import rules
from tradelane.core.errors import error_body


class LockoutBackend(AxesStandaloneBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        super().authenticate(request, username, password, **kwargs)  # raises when locked out
        return None


def attempted_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """One name per account however it was typed (the admin's form does not lower-case)."""
    name = (credentials or {}).get("username") or request.POST.get("username") or ""
    name = name or request.POST.get("email", "")
    return rules.normalise_email(str(name))


def retry_after_seconds(request: HttpRequest | None = None) -> int:
    cool_off = get_cool_off(request)
    return int(cool_off.total_seconds()) if cool_off else 0


def lockout_message() -> str:
    minutes = max(1, retry_after_seconds() // 60)
    return _("Too many wrong passwords for this account. Try again in %(minutes)s minutes.") % {
        "minutes": minutes
    }


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """What a locked-out sign-in gets, with 429 and Retry-After: the view's own answer when it
    gave one (the API's error shape, the sign-in page with the reason), else the API's error
    shape or a page saying so (the admin's sign-in)."""
    retry = retry_after_seconds(request)
    response: HttpResponse
    if original_response is not None and original_response.status_code == 429:
        response = original_response
    elif request.path.startswith("/api/"):
        body = error_body("too_many_attempts", lockout_message())
        body["error"]["extra"] = {"retry_after_seconds": retry}
        response = JsonResponse(body, status=429)
    else:
        context = {"error": lockout_message()}
        response = render(request, "web/account/locked.html", context, status=429)
    response["Retry-After"] = str(retry)
    return response
