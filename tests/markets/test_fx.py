from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from tradelane.core import clock
from tradelane.core.clock import ManualClock, use_clock
from tradelane.markets.errors import FxFileInvalid, FxQuoteExpired, FxRateUnavailable
from tradelane.markets.models import FxRate
from tradelane.markets.selectors import fx_mid_rate
from tradelane.markets.services import fx_quote_lock, fx_quote_require_valid, fx_rates_load_csv

pytestmark = pytest.mark.django_db


def test_cross_rate_through_usd() -> None:
    mid = fx_mid_rate("AUD", "CNY", clock.now())
    assert mid.rate == (Decimal("7.1120") / Decimal("1.5310")).quantize(Decimal("0.0000000001"))
    assert "cross via USD" in mid.source


def test_inverse_rate() -> None:
    assert fx_mid_rate("CNY", "USD", clock.now()).rate == (1 / Decimal("7.1120")).quantize(
        Decimal("0.0000000001")
    )


def test_no_rate_before_the_first_snapshot() -> None:
    with pytest.raises(FxRateUnavailable):
        fx_mid_rate("AUD", "CNY", clock.now() - timedelta(days=3650))


def test_quote_locks_a_spread_and_expires() -> None:
    start = clock.now()
    with use_clock(ManualClock(start)) as manual:
        quote = fx_quote_lock(base="CNY", quote="AUD", spread_bps=50, ttl_seconds=60)
        assert quote.rate < quote.mid_rate
        assert fx_quote_require_valid(quote) is quote
        manual.advance(timedelta(seconds=61))  # type: ignore[attr-defined]
        with pytest.raises(FxQuoteExpired):
            fx_quote_require_valid(quote)


def test_a_bad_row_refuses_the_whole_file(tmp_path: Path) -> None:
    before = FxRate.objects.count()
    path = tmp_path / "rates.csv"
    path.write_text(
        "base,quote,rate,source,as_of\n"
        "USD,AUD,1.6,test,2026-11-21T00:00:00+00:00\n"
        "USD,CNY,-7,test,2026-11-21T00:00:00+00:00\n"
    )
    with pytest.raises(FxFileInvalid):
        fx_rates_load_csv(path)
    assert FxRate.objects.count() == before


def test_newer_snapshot_wins(tmp_path: Path) -> None:
    path = tmp_path / "rates.csv"
    path.write_text("base,quote,rate,source,as_of\nUSD,AUD,1.6000,bank,2026-11-20T12:00:00+00:00\n")
    assert fx_rates_load_csv(path) == 1
    assert fx_mid_rate("USD", "AUD", clock.now()).rate == Decimal("1.6000")


def test_unknown_currencies_are_refused_even_when_equal() -> None:
    from tradelane.core.errors import ValidationFailed
    from tradelane.markets.models import FxQuote

    with pytest.raises(ValidationFailed):
        fx_mid_rate("XQZ", "XQZ", clock.now())
    with pytest.raises(ValidationFailed):
        fx_quote_lock(base="b\u00f1\u00e8{", quote="b\u00f1\u00e8{")
    assert not FxQuote.objects.exists()
