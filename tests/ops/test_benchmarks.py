"""Every benchmark runs (tiny sizes) and leaves the ledger balanced; the figures come from the
command, never from a test."""

import pytest
from django.core.management import call_command

from tradelane.payments.invariant import ledger_invariant

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "args",
    [
        ["checkout", "--checkouts", "3", "--catalog", "8"],
        ["ledger", "--single", "3", "--batches", "2", "--batch-size", "5"],
        ["till", "--payments", "3", "--visitors", "2"],
    ],
)
def test_benchmark_runs(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    call_command("bench", *args)
    out = capsys.readouterr().out
    assert "benchmark on" in out
    assert ledger_invariant().ok
