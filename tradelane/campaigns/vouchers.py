"""Vouchers: checked at quote (clear refusals, nothing written), used at place with conditional
UPDATEs (the total cap and the buyer's cap can never be passed), given back when the order is
not paid or is refunded."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from tradelane.campaigns import rules
from tradelane.campaigns.errors import InvalidCampaign, VoucherRefused
from tradelane.campaigns.models import (
    Campaign,
    RedemptionStatus,
    Voucher,
    VoucherBuyer,
    VoucherKind,
    VoucherRedemption,
    VoucherRedemptionOrder,
)
from tradelane.campaigns.selectors import campaign_terms
from tradelane.core import clock
from tradelane.core.money import Money
from tradelane.core.ratelimit import AttemptLimit, attempt, current_client_ip

# Codes are short and typed by people, so they can be guessed: a buyer who types this many
# unknown codes within the window is refused any code (429, Retry-After) until it ends. Sign-up
# is free, so the client's address has its own, higher share across whatever accounts it uses.
VOUCHER_GUESSES = AttemptLimit("voucher-guess", limit=10, window=15 * 60)
VOUCHER_GUESSES_BY_ADDRESS = AttemptLimit("voucher-guess-ip", limit=30, window=15 * 60)


@dataclass(frozen=True)
class VoucherLineIn:
    listing_id: int
    merchant_id: int
    goods_minor: int
    facts: rules.ListingFacts


@dataclass(frozen=True)
class VoucherApplied:
    voucher_id: int
    code: str
    discounts: dict[int, int]  # listing id -> minor units off the line's goods

    @property
    def total_minor(self) -> int:
        return sum(self.discounts.values())


def normalise_code(code: str) -> str:
    return code.strip().upper()


def voucher_create(
    *,
    code: str,
    market_code: str,
    currency: str,
    starts_at: datetime,
    ends_at: datetime,
    amount: Money | None = None,
    percent: str | None = None,
    campaign: Campaign | None = None,
    merchant_id: int | None = None,
    min_spend: Money | None = None,
    total_cap: int | None = None,
    per_buyer_cap: int = 1,
) -> Voucher:
    if (amount is None) == (percent is None) or (campaign is None and merchant_id is None):
        raise InvalidCampaign(
            _("A voucher takes an amount or a percentage, and a campaign or a merchant.")
        )
    if amount is not None and amount.currency != currency:
        raise InvalidCampaign(_("The amount must be in %(c)s.") % {"c": currency})
    return Voucher.objects.create(
        code=normalise_code(code),
        campaign=campaign,
        merchant_id=merchant_id,
        market_id=market_code,
        kind=VoucherKind.AMOUNT if amount is not None else VoucherKind.PERCENT,
        amount_minor=amount.minor if amount is not None else 0,
        percent=percent or 0,
        min_spend_minor=min_spend.minor if min_spend else 0,
        starts_at=starts_at,
        ends_at=ends_at,
        total_cap=total_cap,
        per_buyer_cap=per_buyer_cap,
    )


def _refused(code: str, message: str, **extra: object) -> VoucherRefused:
    return VoucherRefused(message, code=code, fields={"voucher": [message]}, extra=dict(extra))


def _usable(code: str, consumer_id: int, market_code: str, at: datetime) -> Voucher:
    """Each code typed counts as a guess before it is looked up (so concurrent guesses cannot
    all slip past the limit), and is forgiven when the code exists."""
    address = current_client_ip()
    guess = attempt(
        (VOUCHER_GUESSES, f"consumer:{consumer_id}"),
        (VOUCHER_GUESSES_BY_ADDRESS, f"ip:{address}" if address else None),
    )
    voucher = (
        Voucher.objects.select_related("campaign")
        .filter(code=normalise_code(code), market_id=market_code)
        .first()
    )
    if voucher is None:
        raise _refused("voucher_unknown", _("This voucher code is not known."))
    guess.forgive()
    if at < voucher.starts_at:
        raise _refused("voucher_not_started", _("This voucher cannot be used yet."))
    if at >= voucher.ends_at:
        raise _refused("voucher_expired", _("This voucher has expired."))
    if voucher.total_cap is not None and voucher.uses >= voucher.total_cap:
        raise _refused("voucher_cap_reached", _("This voucher has been used up."))
    mine = VoucherBuyer.objects.filter(voucher=voucher, consumer_id=consumer_id).first()
    if mine is not None and mine.uses >= voucher.per_buyer_cap:
        raise _refused("voucher_buyer_cap_reached", _("You have already used this voucher."))
    return voucher


def _eligibility_test(voucher: Voucher) -> Callable[[VoucherLineIn], bool]:
    """Merchant vouchers take the merchant's goods; campaign vouchers the campaign's goods
    (opted-in merchants, eligible listings), read once for the whole cart."""
    campaign = campaign_terms([voucher.campaign])[0] if voucher.campaign is not None else None

    def eligible(line: VoucherLineIn) -> bool:
        if voucher.merchant_id is not None and line.merchant_id != voucher.merchant_id:
            return False
        if campaign is None:
            return True
        return line.merchant_id in campaign.merchant_ids and rules.is_eligible(
            campaign.eligibility, line.facts
        )

    return eligible


def voucher_apply(
    *, code: str, consumer_id: int, market_code: str, currency: str, lines: list[VoucherLineIn]
) -> VoucherApplied:
    """The discount per line a voucher gives this cart, or a refusal saying why not. Reads only:
    the use is counted at place."""
    at = clock.now()
    voucher = _usable(code, consumer_id, market_code, at)
    terms = rules.VoucherTerms(
        code=voucher.code,
        kind=voucher.kind,
        amount_minor=voucher.amount_minor,
        percent=voucher.percent,
        min_spend_minor=voucher.min_spend_minor,
        currency=currency,
    )
    eligible = _eligibility_test(voucher)
    try:
        discounts = rules.voucher_discounts(
            terms,
            [rules.VoucherLine(ln.listing_id, ln.goods_minor, eligible(ln)) for ln in lines],
        )
    except rules.VoucherNotApplicable as refusal:
        if refusal.code == "voucher_min_spend":
            short = Money.from_minor(refusal.needed_minor, currency)
            raise _refused(
                refusal.code,
                _("Spend %(m)s more on eligible goods to use this voucher.") % {"m": short},
                short_minor=refusal.needed_minor,
            ) from refusal
        raise _refused(
            refusal.code, _("This voucher does not apply to anything in your cart.")
        ) from refusal
    return VoucherApplied(voucher.pk, voucher.code, discounts)


_BUYER_USE_SQL = """
    INSERT INTO {table} (voucher_id, consumer_id, uses) VALUES (%s, %s, 1)
    ON CONFLICT (voucher_id, consumer_id) DO UPDATE
        SET uses = {table}.uses + 1
        WHERE {table}.uses < %s
    RETURNING uses
"""


def _buyer_use(voucher: Voucher, consumer_id: int) -> bool:
    """One more use by this buyer, only while under the buyer's cap: one upsert whose update is
    conditional, so two places by the same buyer cannot both pass the cap."""
    if voucher.per_buyer_cap < 1:
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            _BUYER_USE_SQL.format(table=VoucherBuyer._meta.db_table),
            [voucher.pk, consumer_id, voucher.per_buyer_cap],
        )
        return cursor.fetchone() is not None


def voucher_redeem(
    *,
    voucher_id: int,
    consumer_id: int,
    order_numbers: list[str],
    discount_minor: int,
    currency: str,
) -> VoucherRedemption:
    """Count one use, inside the place's transaction: refused (and the place rolls back) when
    the cap or the buyer's cap was reached since the quote, or the voucher lapsed."""
    now = clock.now()
    voucher = Voucher.objects.get(pk=voucher_id)
    used = (
        Voucher.objects.filter(pk=voucher_id, starts_at__lte=now, ends_at__gt=now)
        .filter(Q(total_cap__isnull=True) | Q(uses__lt=F("total_cap")))
        .update(uses=F("uses") + 1)
    )
    if not used:
        if now >= voucher.ends_at:
            raise _refused("voucher_expired", _("This voucher has expired."))
        raise _refused("voucher_cap_reached", _("This voucher has been used up."))
    if not _buyer_use(voucher, consumer_id):
        raise _refused("voucher_buyer_cap_reached", _("You have already used this voucher."))
    redemption = VoucherRedemption.objects.create(
        voucher=voucher,
        consumer_id=consumer_id,
        discount_minor=discount_minor,
        currency=currency,
        created_at=now,
    )
    VoucherRedemptionOrder.objects.bulk_create(
        [VoucherRedemptionOrder(redemption=redemption, order_number=n) for n in order_numbers]
    )
    return redemption


def voucher_give_back(order_number: str) -> bool:
    """The order was not paid, was cancelled or refunded: its voucher use counts no more (once,
    however many of the checkout's orders end that way)."""
    link = (
        VoucherRedemptionOrder.objects.select_related("redemption")
        .filter(order_number=order_number)
        .first()
    )
    if link is None:
        return False
    redemption = link.redemption
    with transaction.atomic():
        if not VoucherRedemption.objects.filter(
            pk=redemption.pk, status=RedemptionStatus.ACTIVE
        ).update(status=RedemptionStatus.GIVEN_BACK):
            return False
        Voucher.objects.filter(pk=redemption.voucher_id).update(uses=F("uses") - 1)
        VoucherBuyer.objects.filter(
            voucher_id=redemption.voucher_id, consumer_id=redemption.consumer_id
        ).update(uses=F("uses") - 1)
    return True
