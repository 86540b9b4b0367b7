"""The load generator against a live server: its statistics, and the browse, checkout and flash
mixes doing what the HTTP benchmarks say they do (each mix's requests answered as expected, paid
checkouts and flash claims in the database). The figures come only from `tradelane bench`."""

from __future__ import annotations

import pytest
from django.db import connection

from tests import factories
from tradelane.campaigns.models import FlashSaleClaim
from tradelane.core.money import Money
from tradelane.orders.models import Checkout, CheckoutStatus
from tradelane.payments.invariant import ledger_invariant
from tradelane.tools.bench import buyers, flash_sale
from tradelane.tools.bench.server import run_loadgen
from tradelane.tools.loadgen.stats import Tally, percentile


def test_percentiles_are_nearest_rank() -> None:
    samples = [float(n) for n in range(1, 101)]
    assert (percentile(samples, 0.5), percentile(samples, 0.99), percentile([], 0.5)) == (
        50.0,
        99.0,
        0.0,
    )


def test_a_tally_counts_unexpected_answers_and_no_answers_as_errors() -> None:
    tally = Tally()
    tally.record(5.0, 200, expected=True)
    tally.record(7.0, 500, expected=False)
    tally.failed(30_000.0, "timeout")
    summary = tally.summary(elapsed_s=1.0)
    assert (summary["requests"], summary["errors"], summary["server_errors"]) == (3, 2, 1)
    assert summary["error_kinds"] == {"http_500": 1, "timeout": 1}


@pytest.mark.django_db(transaction=True)
def test_the_browse_mix_runs_in_its_own_process(live_server) -> None:
    result = run_loadgen(
        {
            "scenario": "browse",
            "base_url": live_server.url,
            "duration_s": 0.3,
            "concurrency": 2,
            "paths": ["/healthz", "/api/v1/markets"],
        }
    )
    assert result["requests"] >= 2
    assert (result["errors"], set(result["statuses"])) == (0, {"200"})


@pytest.mark.django_db(transaction=True)
def test_the_checkout_mix_pays_through_the_api(live_server) -> None:
    listing = factories.listed(factories.merchant(), stock=50)
    [shopper] = buyers.shoppers("t", 1, funds=Money.of("2000", "CNY"))
    result = run_loadgen(
        {
            "scenario": "checkout",
            "base_url": live_server.url,
            "duration_s": 0.3,
            "buyers": [shopper.plan()],
            "listing_ids": [listing.pk],
        }
    )
    assert result["errors"] == 0, result
    assert result["checkouts_paid"] >= 1
    paid = Checkout.objects.filter(consumer_id=shopper.consumer_id, status=CheckoutStatus.PAID)
    assert paid.count() == result["checkouts_paid"]
    assert ledger_invariant().ok


@pytest.mark.django_db(transaction=True)
def test_the_flash_crowd_claims_exactly_the_units(live_server) -> None:
    sale = flash_sale._sale("t", units=3)
    crowd = buyers.crowd("t", 6)
    result = run_loadgen(
        {
            "scenario": "flash",
            "base_url": live_server.url,
            "flash_sale_id": sale.pk,
            "tokens": [b.token for b in crowd],
            # The in-memory SQLite of the tests locks whole tables; PostgreSQL takes them together.
            "connections": 3 if connection.vendor == "postgresql" else 1,
            "arrival_s": 0.05,
        }
    )
    assert (result["claimed"], result["statuses"], result["errors"]) == (3, {"201": 3, "409": 3}, 0)
    sale.refresh_from_db()
    assert sale.sold == FlashSaleClaim.objects.filter(flash_sale_id=sale.pk).count() == 3
