"""The background jobs: one step that raises, or one row that poisons a step, must not stop the
others; failures are logged with the step's name, recorded and shown in the health JSON."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client

from tests.customs.test_declaration_failures import corrupt_identity, merchant_refunds
from tests.customs.test_declarations import paid_order
from tradelane.clearance.services.declarations import declarations_open
from tradelane.core import clock
from tradelane.core.clock import ManualClock, use_clock
from tradelane.customs.models import Declaration
from tradelane.logistics.models import Shipment
from tradelane.ops import jobs
from tradelane.ops.jobs import run_due_jobs
from tradelane.ops.models import JobStep
from tradelane.ops.selectors import forget_jobs_status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def network(monkeypatch):
    monkeypatch.setenv("SIMULATED_CUSTOMS_INSPECTION_PERMILLE", "0")
    monkeypatch.setenv("SIMULATED_CUSTOMS_ANSWER_SECONDS", "20")
    call_command("load_network", verbosity=0)  # shipments need routes


def later(seconds: int):
    return use_clock(ManualClock(clock.now() + timedelta(seconds=seconds)))


def test_a_refund_between_open_and_submit_no_longer_stops_every_job() -> None:
    """The issue's scenario: the order is refunded in full after its declaration was opened.
    It used to be submitted with 0.00 paid, rejected, and its rejection's refund raised on every
    run, before exports, shipments and carrier sync were reached."""
    refunded = paid_order()
    declarations_open()
    merchant_refunds(refunded)
    run_due_jobs()
    waiting = paid_order()  # paid after the first run: its shipment is opened by the next one
    with later(21):
        done = run_due_jobs()
    assert Declaration.objects.get(order=refunded).status == "cancelled"
    assert done["shipments_opened"] == 1
    assert Shipment.objects.filter(order=waiting).exists()
    assert not [key for key in done if key.startswith("failed:")]


def test_a_poisoned_declaration_leaves_the_other_steps_running() -> None:
    poisoned = paid_order()
    corrupt_identity(poisoned)
    healthy = paid_order()
    done = run_due_jobs()
    assert done["declarations_submitted"] == 1
    assert done["shipments_opened"] == 2
    assert Declaration.objects.get(order=healthy).status == "submitted"
    assert Declaration.objects.get(order=poisoned).failed_attempts == 1


def test_every_step_runs_when_one_raises(monkeypatch, caplog: pytest.LogCaptureFixture) -> None:
    def broken(**_: object) -> dict[str, int]:
        raise RuntimeError("customs adapter misconfigured")

    monkeypatch.setattr(jobs, "declarations_submit", broken)
    order = paid_order()
    with caplog.at_level(logging.ERROR, logger="tradelane.ops.jobs"):
        done = run_due_jobs()
    assert done["failed:declarations_submit"] == 1
    assert done["shipments_opened"] == 1  # a later step still ran
    assert Shipment.objects.filter(order=order).exists()
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert "declarations_submit" in errors[0].getMessage()
    step = JobStep.objects.get(name="declarations_submit")
    assert (step.failures_in_a_row, step.last_error) == (
        1,
        "RuntimeError: customs adapter misconfigured",
    )
    assert step.last_ok_at is None
    assert JobStep.objects.get(name="shipments_open").last_ok_at is not None
    monkeypatch.undo()
    monkeypatch.setenv("SIMULATED_CUSTOMS_INSPECTION_PERMILLE", "0")
    done = run_due_jobs()
    assert "failed:declarations_submit" not in done
    step.refresh_from_db()
    assert (step.failures_in_a_row, step.last_ok_at is not None) == (0, True)


def test_health_shows_failing_steps_and_set_aside_declarations(monkeypatch, settings) -> None:
    settings.TASK_QUEUE_URL = ""

    def broken(**_: object) -> int:
        raise RuntimeError("no carrier at 10.0.0.7: DETAIL Key (number)=(TL26SECRET)")

    monkeypatch.setattr(jobs, "carriers_sync", broken)
    poisoned = paid_order()
    corrupt_identity(poisoned)
    run_due_jobs()
    Declaration.objects.filter(order=poisoned).update(on_hold=True, failed_attempts=3)
    forget_jobs_status()
    health = Client().get("/healthz")
    assert health.status_code == 200  # a failing job is reported, not a reason to stop serving
    body = health.json()
    # The public probe names the step and how often it failed, never the error's text (a
    # database error's DETAIL carries row values); operators read it in the admin.
    assert body["jobs"]["failing"] == {"carriers_sync": 1}
    assert "TL26SECRET" not in health.content.decode()
    assert "10.0.0.7" not in health.content.decode()
    assert body["jobs"]["declarations_set_aside"] == 1
    assert body["jobs"]["last_run_at"] is not None


def test_operators_read_a_failing_steps_last_error_in_the_admin(monkeypatch, admin_client) -> None:
    def broken(**_: object) -> int:
        raise RuntimeError("no carrier answers")

    monkeypatch.setattr(jobs, "carriers_sync", broken)
    run_due_jobs()
    listing = admin_client.get("/admin/ops/jobstep/?failing=yes")
    assert listing.status_code == 200
    assert "RuntimeError: no carrier answers" in listing.content.decode()
    page = admin_client.get("/admin/ops/jobstep/carriers_sync/change/")
    assert page.status_code == 200
    assert "RuntimeError: no carrier answers" in page.content.decode()
    admin_client.post("/admin/ops/jobstep/carriers_sync/delete/", {"post": "yes"})
    assert JobStep.objects.filter(name="carriers_sync").exists()  # operators look, not touch
