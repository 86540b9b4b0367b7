"""Sign-in lockout with django-axes: after `AXES_FAILURE_LIMIT` wrong passwords for one account
within `AXES_COOLOFF_TIME`, every sign-in to it is refused (the right password too) until the
cool-off has passed; web, admin and `POST /api/v1/auth/token` share the count.

Axes' backend needs the request; a caller without one (a shell, the demo seeder's own checks)
is no sign-in attempt from outside, so it is neither counted nor refused.

On top of that, per client address (`core.ratelimit.client_ip`): `LOGIN_ADDRESS_FAILURE_LIMIT`
failed sign-ins from one address within the same window, over whatever accounts, and the
address is refused too (password spraying: one guess at each of many accounts never trips the
per-account lockout). Each sign-in is counted before the password is checked (so a burst of
concurrent guesses cannot all pass) and forgiven when it succeeds; a refused one is counted
against no account.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tradelane.accounts import rules
from tradelane.core.errors import error_body
from tradelane.core.ratelimit import AttemptLimit, Counted, TooManyAttempts, client_ip


def address_limit() -> AttemptLimit:
    """Failed sign-ins per client address, in the account lockout's window (read from the
    settings each time, so an environment or a test can change it)."""
    return AttemptLimit(
        "signin-ip",
        limit=int(settings.LOGIN_ADDRESS_FAILURE_LIMIT),
        window=int(settings.AXES_COOLOFF_TIME.total_seconds()),
        message=_("Too many failed sign-ins from your network. Try again in %(n)s seconds."),
    )


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
        try:
            counted = address_limit().attempt(f"ip:{client_ip(request)}")
        except TooManyAttempts as refused:
            # Marked like an axes lockout: Django's authenticate stops here, axes counts the
            # try against no account, and its middleware answers 429 (`lockout_response`).
            request.signin_refusal = refused  # type: ignore[attr-defined]
            request.axes_locked_out = True  # type: ignore[attr-defined]
            raise AxesBackendPermissionDenied(
                "too many failed sign-ins from this address"
            ) from None
        request.signin_counted = counted  # type: ignore[attr-defined]
        super().authenticate(request, username, password, **kwargs)  # raises when locked out
        return None


@receiver(user_logged_in, dispatch_uid="tradelane-signin-address-forgive")
def _forgive_a_right_password(sender: object, request: HttpRequest | None, **kwargs: Any) -> None:
    """A sign-in that succeeded was no failure: it does not use up the address's share."""
    counted: Counted | None = getattr(request, "signin_counted", None)
    if counted is not None:
        counted.forgive()


def address_refusal(request: HttpRequest | None) -> TooManyAttempts | None:
    return getattr(request, "signin_refusal", None)


def attempted_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """One name per account however it was typed (the admin's form does not lower-case)."""
    name = (credentials or {}).get("username") or request.POST.get("username") or ""
    name = name or request.POST.get("email", "")
    return rules.normalise_email(str(name))


def retry_after_seconds(request: HttpRequest | None = None) -> int:
    refused = address_refusal(request)
    if refused is not None:
        return refused.retry_after
    cool_off = get_cool_off(request)
    return int(cool_off.total_seconds()) if cool_off else 0


def lockout_message(request: HttpRequest | None = None) -> str:
    refused = address_refusal(request)
    if refused is not None:
        return str(refused.message)
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
        body = error_body("too_many_attempts", lockout_message(request))
        body["error"]["extra"] = {"retry_after_seconds": retry}
        response = JsonResponse(body, status=429)
    else:
        context = {"error": lockout_message(request)}
        response = render(request, "web/account/locked.html", context, status=429)
    response["Retry-After"] = str(retry)
    return response
