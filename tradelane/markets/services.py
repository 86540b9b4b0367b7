from __future__ import annotations

import csv
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from tradelane.core import clock
from tradelane.core.money import CurrencyError, minor_units
from tradelane.markets import rules
from tradelane.markets.errors import FxFileInvalid, FxQuoteExpired
from tradelane.markets.models import FxQuote, FxRate
from tradelane.markets.selectors import fx_mid_rate

CSV_COLUMNS = ["base", "quote", "rate", "source", "as_of"]


def fx_quote_lock(
    *, base: str, quote: str, spread_bps: int | None = None, ttl_seconds: int | None = None
) -> FxQuote:
    conf = settings.TRADELANE
    spread = conf["FX_SPREAD_BPS"] if spread_bps is None else spread_bps
    ttl = conf["FX_QUOTE_TTL_SECONDS"] if ttl_seconds is None else ttl_seconds
    now = clock.now()
    mid = fx_mid_rate(base, quote, now)
    return FxQuote.objects.create(
        base=base,
        quote=quote,
        mid_rate=mid.rate,
        spread_bps=spread if base != quote else 0,
        rate=rules.with_spread(mid.rate, spread) if base != quote else Decimal(1),
        source=mid.source,
        rate_as_of=mid.as_of,
        created_at=now,
        expires_at=now + timedelta(seconds=ttl),
    )


def fx_quote_require_valid(quote: FxQuote) -> FxQuote:
    if quote.expires_at <= clock.now():
        raise FxQuoteExpired(_("The exchange-rate quote has expired; ask for a new quote."))
    return quote


def _parse_row(number: int, row: dict[str, str]) -> FxRate:
    try:
        base, quote = row["base"].strip().upper(), row["quote"].strip().upper()
        minor_units(base), minor_units(quote)
        rate = Decimal(row["rate"].strip())
        as_of = parse_datetime(row["as_of"].strip())
    except (KeyError, InvalidOperation, CurrencyError, ValueError, AttributeError) as exc:
        raise FxFileInvalid(_("Row %(n)s is not valid: %(e)s") % {"n": number, "e": exc}) from exc
    if as_of is None or as_of.tzinfo is None or rate <= 0 or base == quote:
        raise FxFileInvalid(
            _("Row %(n)s needs a positive rate, two currencies and an aware as_of time.")
            % {"n": number}
        )
    return FxRate(
        base=base,
        quote=quote,
        rate=rate,
        source=row["source"].strip()[:80],
        as_of=as_of,
        loaded_at=clock.now(),
    )


def fx_rates_load_csv(path: Path) -> int:
    """Load every row or none: a bad row refuses the whole file."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or set(CSV_COLUMNS) - set(reader.fieldnames):
            raise FxFileInvalid(
                _("The file needs the columns %(c)s.") % {"c": ", ".join(CSV_COLUMNS)}
            )
        rates = [_parse_row(n, row) for n, row in enumerate(reader, start=2)]
    with transaction.atomic():
        FxRate.objects.bulk_create(rates, ignore_conflicts=True)
    return len(rates)
