from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate, user_logged_in
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Subquery
from django.http import HttpRequest
from django.utils.translation import gettext as _

from tradelane.accounts import rules
from tradelane.accounts.errors import BadCredentials, EmailTaken, SignInLocked
from tradelane.accounts.lockout import lockout_message, retry_after_seconds
from tradelane.accounts.models import Address, AuthToken, Consumer
from tradelane.core import clock
from tradelane.core.errors import ValidationFailed
from tradelane.core.ratelimit import AttemptLimit, attempt
from tradelane.core.secrets import digest, new_secret
from tradelane.markets.selectors import market_get


def _check_password(password: str, user: User | None = None) -> None:
    """The policy in AUTH_PASSWORD_VALIDATORS: long enough, not common, not all digits, not
    like the person's email or name (so the user, even unsaved, is passed)."""
    try:
        validate_password(password, user=user)
    except DjangoValidationError as exc:
        raise ValidationFailed(
            _("Choose a stronger password."), fields={"password": list(exc.messages)}
        ) from exc


def user_create(*, email: str, password: str, first_name: str = "") -> User:
    email = rules.normalise_email(email)
    if User.objects.filter(username=email).exists():
        raise EmailTaken(_("An account with this email already exists."), fields={"email": []})
    _check_password(password, User(username=email, email=email, first_name=first_name))
    return User.objects.create_user(
        username=email, email=email, password=password, first_name=first_name
    )


# Sign-up is free: the accounts one client address may open per hour (see consumer_signup).
SIGNUP_WINDOW_SECONDS = 3600


def signup_address_limit() -> AttemptLimit:
    return AttemptLimit(
        "signup-ip",
        limit=int(settings.SIGNUP_ADDRESS_LIMIT),
        window=SIGNUP_WINDOW_SECONDS,
        message=_("Too many new accounts from your network. Try again in %(n)s seconds."),
    )


def consumer_signup(
    *,
    email: str,
    password: str,
    display_name: str,
    market_code: str,
    locale: str | None = None,
    client_address: str | None = None,
) -> Consumer:
    """A new buyer. From a request (`client_address`, see core.ratelimit.client_ip) it counts
    towards the address's sign-ups per hour, before anything is written (429
    `too_many_attempts` past the limit); a sign-up refused for another reason is not counted."""
    counted = attempt((signup_address_limit(), f"ip:{client_address}" if client_address else None))
    try:
        return _consumer_create(
            email=email,
            password=password,
            display_name=display_name,
            market_code=market_code,
            locale=locale,
        )
    except Exception:
        counted.forgive()
        raise


@transaction.atomic
def _consumer_create(
    *, email: str, password: str, display_name: str, market_code: str, locale: str | None
) -> Consumer:
    market = market_get(market_code)
    chosen_locale = rules.normalise_locale(locale or market.language)
    if chosen_locale not in rules.SUPPORTED_LOCALES:
        raise ValidationFailed(_("Unsupported language."), fields={"locale": ["en, zh-hans"]})
    user = user_create(email=email, password=password, first_name=display_name)
    return Consumer.objects.create(
        user=user,
        display_name=display_name,
        market=market,
        locale=chosen_locale,
        created_at=clock.now(),
    )


def auth_token_issue(
    *, email: str, password: str, request: HttpRequest | None = None
) -> tuple[str, AuthToken]:
    """A token for the right password. With the request (the API always gives it) the attempt
    counts towards the account's lockout, and a locked account is refused, 429."""
    user = authenticate(request, username=rules.normalise_email(email), password=password)
    if request is not None and getattr(request, "axes_locked_out", False):
        raise SignInLocked(lockout_message(request), retry_after=retry_after_seconds(request))
    if not isinstance(user, User) or not user.is_active:
        raise BadCredentials(_("Email or password is wrong."))
    if request is not None:  # a sign-in like the web's: last_login, and the failures cleared
        user_logged_in.send(sender=User, request=request, user=user)
    return auth_token_create(user)


def auth_token_create(user: User) -> tuple[str, AuthToken]:
    plain, hashed = new_secret("tlu")
    now = clock.now()
    token = AuthToken.objects.create(
        user=user,
        digest=hashed,
        created_at=now,
        expires_at=now + timedelta(days=settings.TRADELANE["AUTH_TOKEN_TTL_DAYS"]),
    )
    return plain, token


def auth_token_user(plain: str) -> User | None:
    token = (
        AuthToken.objects.select_related("user")
        .filter(digest=digest(plain), revoked_at__isnull=True, expires_at__gt=clock.now())
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    return token.user


def auth_token_consumer(plain: str) -> Consumer | None:
    """The consumer a live token belongs to, with its user and market, in one query: every
    consumer API request asks this first."""
    live = AuthToken.objects.filter(
        digest=digest(plain), revoked_at__isnull=True, expires_at__gt=clock.now()
    ).values("user_id")[:1]
    return (
        Consumer.objects.select_related("user", "market")
        .filter(user_id=Subquery(live), user__is_active=True)
        .first()
    )


def auth_token_revoke(plain: str) -> bool:
    """Sign this token out; False when it was not live."""
    return bool(
        AuthToken.objects.filter(digest=digest(plain), revoked_at__isnull=True).update(
            revoked_at=clock.now()
        )
    )


def auth_tokens_revoke_user(user_id: int) -> int:
    """Sign the person out of the API everywhere (their web sign-out does this)."""
    return AuthToken.objects.filter(user_id=user_id, revoked_at__isnull=True).update(
        revoked_at=clock.now()
    )


@transaction.atomic
def address_add(
    *,
    consumer: Consumer,
    recipient: str,
    phone: str,
    country: str,
    province: str,
    city: str,
    line1: str,
    district: str = "",
    postcode: str = "",
    is_default: bool = False,
) -> Address:
    country = country.upper()
    problems = rules.address_problems(country=country, province=province, city=city, phone=phone)
    if problems:
        fields = {name: [str(m) for m in messages] for name, messages in problems.items()}
        raise ValidationFailed(_("The address is not complete."), fields=fields)
    first = not consumer.addresses.exists()
    if is_default and not first:
        consumer.addresses.update(is_default=False)
    return Address.objects.create(
        consumer=consumer,
        recipient=recipient,
        phone=phone,
        country=country,
        province=province,
        city=city,
        district=district,
        line1=line1,
        postcode=postcode,
        is_default=is_default or first,
        created_at=clock.now(),
    )
