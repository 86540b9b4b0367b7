from pathlib import Path

import pytest
from django.core.management import call_command

from tests import factories

pytestmark = pytest.mark.django_db


def test_loading_new_rates_reprices_derived_listings_only(tmp_path: Path) -> None:
    m = factories.merchant("AU")
    derived = factories.listed(m, price="40.00")
    fixed = factories.listed(m, fixed="99.00")
    before = derived.price_minor
    rates = tmp_path / "rates.csv"
    rates.write_text(
        "base,quote,rate,source,as_of\nUSD,AUD,1.2000,test bank,2026-11-20T12:00:00+00:00\n"
    )
    call_command("load_fx_rates", str(rates), verbosity=0)
    derived.refresh_from_db()
    fixed.refresh_from_db()
    assert derived.price_minor > before  # AUD stronger against USD, so more CNY per AUD
    assert fixed.price_minor == 9900
