"""The pipeline benchmark and the suite: they run (tiny sizes), do the whole journey for every
order, keep the ledger balanced, and the suite rewrites only its generated blocks. The figures
come from the commands, never from a test."""

from pathlib import Path

import pytest
from django.core.management import call_command

from tradelane.customs.models import Declaration
from tradelane.logistics.models import Shipment
from tradelane.logistics.services import DEMO_NETWORK, network_load
from tradelane.orders.models import Order
from tradelane.payments.invariant import ledger_invariant
from tradelane.tools.bench import pipeline, suite

pytestmark = pytest.mark.django_db


@pytest.fixture
def network() -> None:
    call_command("load_positive_list", verbosity=0)
    network_load(DEMO_NETWORK)


@pytest.mark.usefixtures("network")
def test_pipeline_takes_every_order_through_and_the_baseline_writes_the_same_rows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # customs inspect a random few and fail some of those: a refunded order would not be in
    # fulfilment, and that is the declarations tests' subject, not this one's
    monkeypatch.setenv("SIMULATED_CUSTOMS_INSPECTION_PERMILLE", "0")
    result = pipeline.run(orders=4, batch=1, catalog=8)

    assert result.orders == 4
    assert result.jobs["declarations_submitted"] == 4
    assert result.jobs["shipments_opened"] == 4
    # service and raw SQL sides: the same rows per order
    assert Order.objects.filter(status="in_fulfilment").count() == 8
    # customs answered every declaration inside the run, and the baseline wrote the same answers
    assert Declaration.objects.filter(status="cleared").count() == 8
    assert result.jobs["declarations_cleared"] == 4
    assert Shipment.objects.count() == 8
    assert all(step.queries > 0 for step in result.steps.values())
    assert "orders/s" in result.report()
    assert ledger_invariant().ok


def test_the_suite_replaces_its_block_and_keeps_the_text_around_it(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text(
        "# Benchmarks\n\nWhy the figures look so.\n\n<!-- bench:till:sqlite -->\nold\n<!-- /bench:till:sqlite -->\n\nAfter.\n"
    )

    text = suite.write_block(doc.read_text(), "till", "sqlite", "new figures")
    text = suite.write_block(text, "ledger", "sqlite", "ledger figures")

    assert "Why the figures look so." in text
    assert "After." in text
    assert "new figures" in text
    assert "old" not in text
    assert text.index("<!-- bench:ledger:sqlite -->") > text.index(suite.SUITE_HEADING)
    assert suite.write_block(text, "ledger", "sqlite", "ledger figures") == text


def test_bench_without_a_subcommand_runs_the_suite(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n")

    call_command("bench", "suite", "--only", "till", "--doc", str(doc))

    text = doc.read_text()
    assert "<!-- bench:till:sqlite -->" in text or "<!-- bench:till:postgresql -->" in text
    assert "till benchmark on" in text
    assert "cores" in text
