"""Sign in, sign up and out, and the language switch; shared by every area of the site."""

from __future__ import annotations

from django import forms
from django.contrib import auth
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from tradelane.accounts import rules as account_rules
from tradelane.accounts.lockout import lockout_message
from tradelane.accounts.services import auth_tokens_revoke_user, consumer_signup
from tradelane.core.errors import ApplicationError
from tradelane.core.ratelimit import TooManyAttempts, client_ip
from tradelane.core.text import validate_name
from tradelane.web.refusals import refusal_of


class LoginForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput)


class SignupForm(forms.Form):
    display_name = forms.CharField(label=_("Your name"), max_length=80, validators=[validate_name])
    email = forms.EmailField(label=_("Email"))
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, min_length=10)


def safe_next(request: HttpRequest, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # "/" is the front door, not a wish: land the person where their role starts instead.
    if target not in ("", "/") and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default


def default_landing(request: HttpRequest) -> str:
    user = request.user
    if user.is_staff:
        return "/operator/"
    if hasattr(user, "consumer"):
        return f"/{user.consumer.market_id.lower()}/"
    return "/merchant/"


@require_http_methods(["GET", "POST"])
def login_page(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        user = auth.authenticate(
            request,
            username=account_rules.normalise_email(form.cleaned_data["email"]),
            password=form.cleaned_data["password"],
        )
        if getattr(request, "axes_locked_out", False):  # the right password too, for a while
            # the account's lockout or the address's (axes' middleware adds Retry-After)
            context = {
                "form": form,
                "error": lockout_message(request),
                "next": safe_next(request, ""),
            }
            return render(request, "web/account/login.html", context, status=429)
        if user is not None:
            auth.login(request, user)
            return HttpResponseRedirect(safe_next(request, default_landing(request)))
        error = str(_("That email and password do not match an account."))
    context = {"form": form, "error": error, "next": safe_next(request, "")}
    return render(request, "web/account/login.html", context, status=401 if error else 200)


@require_http_methods(["GET", "POST"])
def signup_page(request: HttpRequest, market: str = "CN") -> HttpResponse:
    form = SignupForm(request.POST or None)
    error = ""
    market_code = (request.GET.get("market") or request.POST.get("market") or market).upper()
    if request.method == "POST" and form.is_valid():
        try:
            consumer = consumer_signup(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                display_name=form.cleaned_data["display_name"],
                market_code=market_code,
                client_address=client_ip(request),
            )
        except TooManyAttempts as exc:  # too many sign-ups from this address: nothing written
            context = {
                "form": form,
                "error": exc.message,
                "market": market_code,
                "next": safe_next(request, ""),
            }
            page = render(request, "web/account/signup.html", context, status=429)
            page["Retry-After"] = str(exc.retry_after)
            return page
        except ApplicationError as exc:
            refusal = refusal_of(exc)
            error = refusal.message
            for name, messages in refusal.fields.items():
                if name in form.fields:
                    for message in messages:
                        form.add_error(name, message)
        else:
            auth.login(request, consumer.user, backend="django.contrib.auth.backends.ModelBackend")
            return HttpResponseRedirect(safe_next(request, f"/{market_code.lower()}/"))
    context = {"form": form, "error": error, "market": market_code, "next": safe_next(request, "")}
    return render(request, "web/account/signup.html", context, status=422 if error else 200)


@require_POST
def logout_page(request: HttpRequest) -> HttpResponse:
    """Signing out signs the person out everywhere: their API tokens stop working too."""
    if request.user.is_authenticated:
        auth_tokens_revoke_user(request.user.pk)
    auth.logout(request)
    return HttpResponseRedirect(safe_next(request, "/"))
