from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from tradelane.accounts.services import user_create
from tradelane.core import clock
from tradelane.core.errors import ValidationFailed
from tradelane.core.secrets import digest, new_secret
from tradelane.merchants import rules
from tradelane.merchants.errors import (
    ApiKeyNotFound,
    ApiKeyOwnerInactive,
    BusinessNumberTaken,
    IllegalMerchantTransition,
    MerchantNotActive,
    MerchantNotActiveForbidden,
    NotMerchantOwner,
)
from tradelane.merchants.models import (
    ApiKey,
    Merchant,
    MerchantStaff,
    MerchantStatus,
    MerchantStatusChange,
    Shop,
    StaffRole,
)


@transaction.atomic
def merchant_apply(
    *,
    legal_name: str,
    trading_name: str,
    country: str,
    business_number: str,
    contact_email: str,
    password: str,
    region: str = "",
) -> Merchant:
    """An application: the merchant exists in `applied`, its owner can log in but not sell."""
    country = country.upper()
    try:
        number = rules.business_number_clean(country, business_number)
    except rules.BusinessNumberInvalid as exc:
        label = "ABN" if country == "AU" else "NZBN"
        raise ValidationFailed(
            _("The %(label)s is not valid: check the number.") % {"label": label},
            code="business_number_invalid",
            fields={"business_number": [str(exc)]},
        ) from exc
    if Merchant.objects.filter(business_number=number).exists():
        raise BusinessNumberTaken(
            _("A merchant with this business number has already applied."),
            fields={"business_number": []},
        )
    owner = user_create(email=contact_email, password=password, first_name=trading_name[:150])
    now = clock.now()
    merchant = Merchant.objects.create(
        legal_name=legal_name,
        trading_name=trading_name,
        country=country,
        business_number=number,
        settlement_currency=rules.COUNTRY_CURRENCY[country],
        contact_email=contact_email.lower(),
        region=region,
        status=MerchantStatus.APPLIED,
        created_at=now,
        updated_at=now,
    )
    MerchantStaff.objects.create(
        merchant=merchant, user=owner, role=StaffRole.OWNER, created_at=now
    )
    MerchantStatusChange.objects.create(
        merchant=merchant,
        from_status=MerchantStatus.APPLIED,
        to_status=MerchantStatus.APPLIED,
        actor=owner,
        reason="application received",
        at=now,
    )
    return merchant


@transaction.atomic
def merchant_set_status(
    *, merchant: Merchant, to_status: str, actor: User | None, reason: str = ""
) -> Merchant:
    """The one way a merchant's status changes; the row lock makes two reviewers queue."""
    locked = Merchant.objects.select_for_update().get(pk=merchant.pk)
    if not rules.can_transition(locked.status, to_status):
        raise IllegalMerchantTransition(
            _("A merchant that is %(from)s cannot become %(to)s.")
            % {"from": locked.status, "to": to_status}
        )
    if to_status in {MerchantStatus.REJECTED, MerchantStatus.SUSPENDED} and not reason.strip():
        raise ValidationFailed(_("Give a reason."), fields={"reason": [_("required")]})
    MerchantStatusChange.objects.create(
        merchant=locked,
        from_status=locked.status,
        to_status=to_status,
        actor=actor,
        reason=reason,
        at=clock.now(),
    )
    locked.status = to_status
    locked.updated_at = clock.now()
    locked.save(update_fields=["status", "updated_at"])
    return locked


def merchant_require_active(merchant: Merchant) -> None:
    if merchant.status != MerchantStatus.ACTIVE:
        raise MerchantNotActive(
            _("This merchant is not active yet, so it cannot sell."),
            extra={"status": merchant.status},
        )


def merchant_require_active_for_money(merchant: Merchant) -> None:
    """Keys, tills and payouts are for active merchants only (403 `merchant_not_active`)."""
    if merchant.status != MerchantStatus.ACTIVE:
        raise MerchantNotActiveForbidden(
            _("This merchant is not active, so it cannot take payments or use API keys."),
            extra={"status": merchant.status},
        )


def merchant_owned_by(user: User) -> Merchant:
    role = (
        MerchantStaff.objects.select_related("merchant")
        .filter(user=user, role=StaffRole.OWNER)
        .first()
    )
    if role is None:
        raise NotMerchantOwner(_("Only a merchant's owner can do this."))
    return role.merchant


@transaction.atomic
def staff_add(*, merchant: Merchant, email: str, password: str, name: str) -> MerchantStaff:
    """A staff login for the merchant portal; API keys stay the owner's to issue."""
    user = user_create(email=email, password=password, first_name=name[:150])
    return MerchantStaff.objects.create(
        merchant=merchant, user=user, role=StaffRole.STAFF, created_at=clock.now()
    )


def api_key_create(
    *, merchant: Merchant, name: str, created_by: User, shop: Shop | None = None
) -> tuple[str, ApiKey]:
    """A merchant key (`tlk_`), or with `shop` a till key (`tls_`) good only at that shop.
    Only an active merchant gets one."""
    if shop is not None and shop.merchant_id != merchant.pk:
        raise ApiKeyNotFound(_("No such shop."))
    merchant_require_active_for_money(Merchant.objects.only("status").get(pk=merchant.pk))
    plain, hashed = new_secret("tls" if shop else "tlk")
    key = ApiKey.objects.create(
        merchant=merchant,
        name=name,
        prefix=plain[:12],
        digest=hashed,
        created_by=created_by,
        shop=shop,
        created_at=clock.now(),
    )
    return plain, key


def api_key_revoke(*, merchant: Merchant, key_id: int) -> ApiKey:
    key = ApiKey.objects.filter(merchant=merchant, pk=key_id).first()
    if key is None:
        raise ApiKeyNotFound(_("No such API key."))
    ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=clock.now())
    key.refresh_from_db()
    return key


def _key_usable(key: ApiKey, merchant: Merchant) -> None:
    """A live key still works only while the person who issued it exists and is active (401)
    and the merchant is active (403 `merchant_not_active`): its status is read with the key, so a
    suspension takes effect on the next request. Every key is issued by a person; one whose
    issuer is gone (deleted before deletion revoked keys) is refused."""
    if key.created_by is None or not key.created_by.is_active:
        raise ApiKeyOwnerInactive(
            _("The person who issued this API key was deactivated or deleted.")
        )
    merchant_require_active_for_money(merchant)


def api_key_merchant(plain: str) -> Merchant | None:
    """The merchant of a live merchant key, in one query; None for an unknown or revoked key."""
    key = (
        ApiKey.objects.select_related("merchant", "created_by")
        .filter(digest=digest(plain), revoked_at__isnull=True, shop__isnull=True)
        .first()
    )
    if key is None:
        return None
    _key_usable(key, key.merchant)
    return key.merchant


def api_key_shop(plain: str) -> Shop | None:
    """The shop of a live till key, with its merchant, in one query."""
    key = (
        ApiKey.objects.select_related("shop__merchant", "created_by")
        .filter(
            digest=digest(plain), revoked_at__isnull=True, shop__isnull=False, shop__is_active=True
        )
        .first()
    )
    if key is None or key.shop is None:
        return None
    _key_usable(key, key.shop.merchant)
    return key.shop


def shop_create(
    *, merchant: Merchant, name: str, address: str, city: str, country: str | None = None
) -> Shop:
    country = (country or merchant.country).upper()
    if country not in rules.COUNTRY_CURRENCY:
        raise ValidationFailed(_("Shops are in AU or NZ."), fields={"country": ["AU, NZ"]})
    return Shop.objects.create(
        merchant=merchant,
        name=name,
        address=address,
        city=city,
        country=country,
        currency=rules.COUNTRY_CURRENCY[country],
        created_at=clock.now(),
    )
