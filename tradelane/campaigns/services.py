"""Campaign writes: templates, status, opt-ins, featured listings, flash sales and their claims.

Vouchers live in `vouchers.py`; what checkout calls lives in `checkout.py`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, F, Value, When
from django.utils.translation import gettext as _

from tradelane.accounts.models import Consumer
from tradelane.campaigns import rules
from tradelane.campaigns.errors import (
    CampaignClosed,
    CampaignExists,
    CampaignNotFound,
    FlashSaleEnded,
    FlashSaleNotFound,
    FlashSaleNotStarted,
    IllegalCampaignTransition,
    InvalidCampaign,
    PerBuyerLimitReached,
    SoldOut,
    TemplateNotFound,
)
from tradelane.campaigns.models import (
    Campaign,
    CampaignListing,
    CampaignMerchant,
    CampaignStatus,
    ClaimStatus,
    FlashSale,
    FlashSaleBuyer,
    FlashSaleClaim,
)
from tradelane.catalog.models import Listing
from tradelane.core import clock
from tradelane.core.money import Money
from tradelane.merchants.models import Merchant

TEMPLATES_DIR = Path(__file__).parent / "data"
TEMPLATES = {"fresh-food-week": "fresh_food_week.json"}
CLAIM_HOLD_MINUTES_DEFAULT = 15


def claim_hold() -> timedelta:
    minutes = settings.TRADELANE.get("FLASH_CLAIM_HOLD_MINUTES", CLAIM_HOLD_MINUTES_DEFAULT)
    return timedelta(minutes=int(minutes))


def _template(key: str) -> dict[str, Any]:
    name = TEMPLATES.get(key)
    if name is None:
        raise TemplateNotFound(_("No campaign template %(t)s.") % {"t": key})
    data: dict[str, Any] = json.loads((TEMPLATES_DIR / name).read_text(encoding="utf-8"))
    return data


def template_window(data: dict[str, Any], year: int) -> tuple[datetime, datetime]:
    """The window in the template's own zone (China time for Fresh Food Week)."""
    starts = datetime.fromisoformat(data["starts"].format(year=year)).replace(
        tzinfo=ZoneInfo(data["timezone"])
    )
    return starts, starts + timedelta(days=int(data["days"]))


@transaction.atomic
def campaign_from_template(
    key: str, *, year: int, status: str = CampaignStatus.DRAFT, starts_at: datetime | None = None
) -> Campaign:
    """The annual campaign from its data file. `starts_at` moves the window (the simulator runs
    the week on its own clock); the length stays the template's."""
    data = _template(key)
    starts, ends = template_window(data, year)
    if starts_at is not None:
        starts, ends = starts_at, starts_at + (ends - starts)
    code = data["code"].format(year=year)
    if Campaign.objects.filter(code=code).exists():
        raise CampaignExists(_("Campaign %(c)s already exists.") % {"c": code})
    text = {f: data[f].format(year=year) for f in ("name_en", "name_zh_hans")}
    try:
        with transaction.atomic():
            return Campaign.objects.create(
                code=code,
                **text,
                headline_en=data["headline_en"],
                headline_zh_hans=data["headline_zh_hans"],
                body_en=data["body_en"],
                body_zh_hans=data["body_zh_hans"],
                starts_at=starts,
                ends_at=ends,
                status=status,
                markets=data["markets"],
                origin_countries=data["origin_countries"],
                origin_regions=data["origin_regions"],
                categories=data["categories"],
                temperature_classes=data["temperature_classes"],
                discount_kind=data["discount_kind"],
                percent_off=Decimal(data["percent_off"]),
                rounding=data["rounding"],
                template=key,
                created_at=clock.now(),
            )
    except IntegrityError as exc:  # a concurrent create of the same year
        raise CampaignExists(_("Campaign %(c)s already exists.") % {"c": code}) from exc


def campaign_set_status(*, campaign_id: int, to_status: str, actor: str) -> Campaign:
    """One way a campaign's status moves: checked against the table, applied conditionally so
    two operators (or the job and an operator) cannot both move it from the same state."""
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        raise CampaignNotFound(_("No such campaign."))
    if not rules.can_transition(campaign.status, to_status):
        raise IllegalCampaignTransition(
            _("A campaign that is %(from)s cannot become %(to)s.")
            % {"from": campaign.status, "to": to_status},
            extra={"campaign": campaign.code, "status": campaign.status, "actor": actor},
        )
    moved = Campaign.objects.filter(pk=campaign.pk, status=campaign.status).update(status=to_status)
    if not moved:
        raise IllegalCampaignTransition(_("The campaign changed meanwhile; look again."))
    campaign.status = to_status
    return campaign


def campaigns_advance(*, now: datetime | None = None) -> int:
    """The job: scheduled campaigns whose window opened go live, open ones past it end."""
    moment = now or clock.now()
    live = Campaign.objects.filter(
        status=CampaignStatus.SCHEDULED, starts_at__lte=moment, ends_at__gt=moment
    ).update(status=CampaignStatus.LIVE)
    ended = Campaign.objects.filter(
        status__in=[CampaignStatus.SCHEDULED, CampaignStatus.LIVE], ends_at__lte=moment
    ).update(status=CampaignStatus.ENDED)
    return live + ended


def _open_campaign(code: str) -> Campaign:
    campaign = Campaign.objects.filter(code=code).first()
    if campaign is None:
        raise CampaignNotFound(_("No such campaign."))
    if campaign.status in (CampaignStatus.ENDED, CampaignStatus.CANCELLED):
        raise CampaignClosed(_("This campaign is over; it takes no more changes."))
    return campaign


def campaign_opt_in(*, code: str, merchant: Merchant, actor: str) -> CampaignMerchant:
    """A merchant joins a campaign (a repeat answers with the first opt-in)."""
    campaign = _open_campaign(code)
    opt_in, _created = CampaignMerchant.objects.get_or_create(
        campaign=campaign,
        merchant=merchant,
        defaults={"opted_in_at": clock.now(), "opted_in_by": actor},
    )
    return opt_in


def campaign_feature(
    *, code: str, listing: Listing, position: int = 0, fixed_price: Money | None = None
) -> CampaignListing:
    """Feature a listing on the campaign's storefront block, optionally at a fixed price."""
    campaign = _open_campaign(code)
    if fixed_price is not None and (
        fixed_price.currency != listing.currency or fixed_price.minor <= 0
    ):
        raise InvalidCampaign(
            _("A fixed campaign price is a positive amount in %(c)s.") % {"c": listing.currency},
            fields={"fixed_price": []},
        )
    item, _created = CampaignListing.objects.update_or_create(
        campaign=campaign,
        listing=listing,
        defaults={
            "featured": True,
            "position": position,
            "fixed_price_minor": fixed_price.minor if fixed_price else None,
        },
    )
    return item


def flash_sale_create(
    *,
    code: str,
    listing: Listing,
    price: Money,
    units: int,
    per_buyer_limit: int,
    starts_at: datetime,
    ends_at: datetime,
) -> FlashSale:
    campaign = _open_campaign(code)
    problems: dict[str, list[str]] = {}
    if price.currency != listing.currency or not 0 < price.minor < listing.price_minor:
        problems["price"] = [_("below the listing price, in the listing's currency")]
    if units <= 0:
        problems["units"] = [_("at least 1")]
    if per_buyer_limit <= 0:
        problems["per_buyer_limit"] = [_("at least 1")]
    if not campaign.starts_at <= starts_at < ends_at <= campaign.ends_at:
        problems["ends_at"] = [_("a window inside the campaign's")]
    if problems:
        raise InvalidCampaign(_("The flash sale is not valid."), fields=problems)
    return FlashSale.objects.create(
        campaign=campaign,
        listing=listing,
        price_minor=price.minor,
        currency=price.currency,
        units=units,
        per_buyer_limit=per_buyer_limit,
        starts_at=starts_at,
        ends_at=ends_at,
    )


# --- flash-sale claims -------------------------------------------------------------------------


def flash_sale_claimable(flash_sale_id: int, now: datetime | None = None) -> FlashSale:
    """The cheap answers first, one read and no write: unknown, not started, ended, sold out.
    The API asks this before it opens an idempotency record (4 of 5 requests of a crowd end
    here); the claim itself re-checks everything in its conditional UPDATE."""
    now = now or clock.now()
    sale = (
        FlashSale.objects.filter(pk=flash_sale_id)
        .select_related("campaign")
        .only(
            "pk",
            "sold_out",
            "starts_at",
            "ends_at",
            "price_minor",
            "currency",
            "per_buyer_limit",
            "campaign__status",
        )
        .first()
    )
    if sale is None or sale.campaign.status not in rules.PRICING_STATUSES:
        raise FlashSaleNotFound(_("No such flash sale."))
    if now < sale.starts_at:
        raise FlashSaleNotStarted(_("This flash sale has not started yet."))
    if now >= sale.ends_at:
        raise FlashSaleEnded(_("This flash sale has ended."))
    if sale.sold_out:
        raise SoldOut(_("Sold out."))
    return sale


_BUYER_TAKE_SQL = """
    INSERT INTO {table} (flash_sale_id, buyer_key, consumer_id, claimed) VALUES (%s, %s, %s, %s)
    ON CONFLICT (flash_sale_id, buyer_key) DO UPDATE
        SET claimed = {table}.claimed + excluded.claimed
        WHERE {table}.claimed + excluded.claimed <= %s
    RETURNING claimed
"""


def _account_key(consumer_id: int) -> str:
    return f"consumer:{consumer_id}"


def _identity_key(consumer_id: int) -> str:
    """The person's key: the keyed digest customs keeps of the buyer's identity number (the
    annual quota's key too), never the number; empty when the buyer gave none. A read of the
    identity table through the consumer's relation: campaigns sits above customs."""
    index = (
        Consumer.objects.filter(pk=consumer_id)
        .values_list("identity__number_index", flat=True)
        .first()
    )
    return identity_key_of(index)


def identity_key_of(number_index: str | None) -> str:
    """The person's row key for an identity's keyed digest (empty: no identity)."""
    return f"identity:{number_index}" if number_index else ""


def _buyer_take(sale: FlashSale, consumer_id: int, identity_key: str, quantity: int) -> None:
    """The account's count and, when the buyer gave an identity, the person's (shared by every
    account with that number) rise only while each stays within the limit: one upsert each whose
    update is conditional (PostgreSQL and SQLite both re-check the condition on the locked row).
    Always the account's row first, so two claims never wait on each other's rows in a cycle;
    a refusal raises inside the claim's transaction, which undoes the other row."""
    limit = sale.per_buyer_limit
    rows: list[tuple[str, int | None]] = [(_account_key(consumer_id), consumer_id)]
    if identity_key:
        rows.append((identity_key, None))
    taken = 0
    if quantity <= limit:
        sql = _BUYER_TAKE_SQL.format(table=FlashSaleBuyer._meta.db_table)
        with connection.cursor() as cursor:
            for key, owner in rows:
                cursor.execute(sql, [sale.pk, key, owner, quantity, limit])
                if cursor.fetchone() is None:
                    break
                taken += 1
    if taken == len(rows):
        return
    raise PerBuyerLimitReached(
        _("You can buy at most %(n)s of this flash sale.") % {"n": limit},
        extra={"per_buyer_limit": limit},
    )


def flash_claims_rekey(claim_ids: list[int], identity_key: str) -> None:
    """The held units count against the identity the order is placed under, not the one (or
    none) on file when they were claimed: inside the place's transaction, each claim made under
    another key takes `identity_key`'s row within the limit (the same conditional upsert as a
    claim) and gives its old row back. Rows are touched in key order, so two places moving
    claims between the same two numbers never wait on each other in a cycle. Refused
    (PerBuyerLimitReached) when the identity has no room; the caller's savepoint undoes the
    rest, so a refusal changes nothing."""
    claims = list(
        FlashSaleClaim.objects.filter(pk__in=claim_ids)
        .exclude(identity_key=identity_key)
        .select_related("flash_sale")
        .order_by("pk")
    )
    table = FlashSaleBuyer._meta.db_table
    for claim in claims:
        sale, old_key = claim.flash_sale, claim.identity_key
        for key in sorted(k for k in (old_key, identity_key) if k):
            if key == old_key:
                FlashSaleBuyer.objects.filter(flash_sale_id=sale.pk, buyer_key=key).update(
                    claimed=F("claimed") - claim.quantity
                )
                continue
            with connection.cursor() as cursor:
                cursor.execute(
                    _BUYER_TAKE_SQL.format(table=table),
                    [sale.pk, key, None, claim.quantity, sale.per_buyer_limit],
                )
                taken = cursor.fetchone() is not None
            if not taken:
                raise PerBuyerLimitReached(
                    _(
                        "The identity number on this order has already reached this flash "
                        "sale's limit of %(n)s (your hold was made without it or under another "
                        "number). Ask for a new quote once the hold has run out."
                    )
                    % {"n": sale.per_buyer_limit},
                    extra={"per_buyer_limit": sale.per_buyer_limit, "claim_id": claim.pk},
                )
        FlashSaleClaim.objects.filter(pk=claim.pk).update(identity_key=identity_key)


def _units_take(sale: FlashSale, quantity: int, now: datetime) -> bool:
    """One conditional UPDATE on the hot row, last in the transaction so its lock is held
    only until the commit that follows; the flag answers later buyers without a write."""
    return bool(
        FlashSale.objects.filter(
            pk=sale.pk,
            sold__lte=F("units") - quantity,
            starts_at__lte=now,
            ends_at__gt=now,
        ).update(
            sold=F("sold") + quantity,
            sold_out=Case(
                When(sold__gte=F("units") - quantity, then=Value(True)), default=Value(False)
            ),
        )
    )


def _flag_sold_out(flash_sale_id: int) -> None:
    """A claim for more than is left failed: if nothing at all is left, say so cheaply next time."""
    FlashSale.objects.filter(pk=flash_sale_id, sold__gte=F("units")).update(sold_out=True)


def flash_sale_claim(
    *,
    flash_sale_id: int,
    consumer: Consumer,
    quantity: int,
    sale: FlashSale | None = None,
    before_units: Callable[[FlashSaleClaim], None] | None = None,
) -> FlashSaleClaim:
    """Hold `quantity` units for the buyer at the flash price for a few minutes. `sale`, from
    `flash_sale_claimable` just before, saves reading it again. `before_units` runs once the
    claim exists, before the units are taken: whatever the caller writes there (the idempotent
    answer) is done before the sale's row is locked, so the lock lasts only until the commit."""
    if quantity <= 0:
        raise InvalidCampaign(_("Claim at least one unit."), fields={"quantity": [">= 1"]})
    now = clock.now()
    if sale is None or sale.pk != flash_sale_id:
        sale = flash_sale_claimable(flash_sale_id, now)
    identity_key = _identity_key(consumer.pk)
    with transaction.atomic():
        _buyer_take(sale, consumer.pk, identity_key, quantity)
        claim = FlashSaleClaim.objects.create(
            flash_sale_id=sale.pk,
            consumer_id=consumer.pk,
            quantity=quantity,
            price_minor=sale.price_minor,
            identity_key=identity_key,
            created_at=now,
            expires_at=now + claim_hold(),
        )
        claim.flash_sale = sale
        if before_units is not None:
            before_units(claim)
        if _units_take(sale, quantity, now):
            return claim
        transaction.set_rollback(True)
    _flag_sold_out(sale.pk)
    raise SoldOut(_("Sold out."))


def _give_back(claims: list[FlashSaleClaim], from_status: str, to_status: str) -> int:
    """Each claim's units go back exactly once: the status flip is the claim on them."""
    done = 0
    for claim in claims:
        with transaction.atomic():
            if not FlashSaleClaim.objects.filter(pk=claim.pk, status=from_status).update(
                status=to_status
            ):
                continue
            FlashSale.objects.filter(pk=claim.flash_sale_id).update(
                sold=F("sold") - claim.quantity, sold_out=False
            )
            keys = [_account_key(claim.consumer_id), claim.identity_key]
            FlashSaleBuyer.objects.filter(
                flash_sale_id=claim.flash_sale_id, buyer_key__in=[k for k in keys if k]
            ).update(claimed=F("claimed") - claim.quantity)
            done += 1
    return done


def flash_claims_expire(*, now: datetime | None = None, batch: int = 1000) -> int:
    """The job: holds that ran out without an order give their units back."""
    moment = now or clock.now()
    due = list(
        FlashSaleClaim.objects.filter(status=ClaimStatus.HELD, expires_at__lte=moment)[:batch]
    )
    return _give_back(due, ClaimStatus.HELD, ClaimStatus.EXPIRED)


def flash_claims_release_for_order(order_number: str) -> int:
    """An order that was never paid (expired, cancelled) gives its flash units back."""
    claims = list(
        FlashSaleClaim.objects.filter(order_number=order_number, status=ClaimStatus.CONVERTED)
    )
    return _give_back(claims, ClaimStatus.CONVERTED, ClaimStatus.RELEASED)
